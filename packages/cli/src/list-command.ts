import { ValidationError } from '@avalanche-ts/core';
import type { CliIO, Command, ParsedArgs } from './command.js';
import { EXPERIMENT_DEFAULTS } from './experiment-config.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import { formatListing, LIST_KINDS, listRegistries, type ListKind } from './list-registries.js';

/** `avalanche-ts list`: what can go in a config, with options and defaults. */
export function listCommand(getRegistries: () => Promise<ExperimentRegistries>): Command {
  return {
    name: 'list',
    summary: 'List benchmarks, models, strategies, optimizers, metrics and loggers with their options and defaults.',
    usage: `list [${LIST_KINDS.join('|')}] [--json]`,
    details: [
      'Every name shown can be used in a config file, e.g. `strategy: { name: replay, options: { memSize: 500 } }`.',
      `Experiment-level fields and their defaults: ${Object.entries(EXPERIMENT_DEFAULTS)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}.`,
    ].join('\n'),
    flags: { json: { type: 'boolean', description: 'print the listing as JSON' } },
    maxPositionals: 1,
    async run(args: ParsedArgs, io: CliIO): Promise<number> {
      const kind = args.positionals[0];
      if (kind !== undefined && !(LIST_KINDS as readonly string[]).includes(kind)) {
        throw new ValidationError(`list: unknown kind ${JSON.stringify(kind)}; allowed: ${LIST_KINDS.join(', ')}`);
      }
      const listing = listRegistries(await getRegistries(), kind ? [kind as ListKind] : LIST_KINDS);
      if (args.flags.json === true) {
        io.out(JSON.stringify(kind ? listing : { ...listing, experiment: EXPERIMENT_DEFAULTS }, null, 2) + '\n');
      } else {
        io.out(formatListing(listing));
        if (!kind) io.out(`EXPERIMENT FIELDS (defaults)\n${Object.entries(EXPERIMENT_DEFAULTS).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
      }
      return 0;
    },
  };
}
