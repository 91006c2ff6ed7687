import { ValidationError } from '@avalanche-ts/core';
import type { CliIO, Command, ParsedArgs } from './command.js';
import { describeOptions, type OptionDescription } from './describe-options.js';
import { EXPERIMENT_DEFAULTS } from './experiment-config.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import type { Registry } from './registry.js';

/** The registry kinds `list` knows, as they appear in a config file. */
export const LIST_KINDS = ['benchmarks', 'models', 'strategies', 'optimizers', 'metrics', 'loggers'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** One registry's entries and their options, the data `list --json` prints. */
export interface ListedEntry {
  readonly name: string;
  readonly description: string;
  readonly options: OptionDescription[];
}

/** Every entry of the chosen registries with its options and defaults. */
export function listRegistries(registries: ExperimentRegistries, kinds: readonly ListKind[] = LIST_KINDS): Record<string, ListedEntry[]> {
  const out: Record<string, ListedEntry[]> = {};
  for (const kind of kinds) {
    const registry = registries[kind] as Registry<unknown, never>;
    out[kind] = registry.list().map((e) => ({ name: e.name, description: e.description, options: describeOptions(e.options) }));
  }
  return out;
}

/** The listing as text: one block per kind, one entry per paragraph, one option per line. */
export function formatListing(listing: Record<string, ListedEntry[]>): string {
  const lines: string[] = [];
  for (const [kind, entries] of Object.entries(listing)) {
    lines.push(`${kind.toUpperCase()} (${entries.length})`);
    for (const entry of entries) {
      lines.push(`  ${entry.name}  ${entry.description}`);
      const left = entry.options.map((o) => `${o.name}: ${o.type}`);
      const width = Math.max(0, ...left.map((l) => l.length));
      entry.options.forEach((o, i) => {
        const def = o.default !== undefined ? `default ${o.default}` : o.required ? 'required' : 'optional';
        lines.push(`      ${left[i].padEnd(width)}  ${def}${o.description ? `  ${o.description}` : ''}`);
      });
    }
    lines.push('');
  }
  return lines.join('\n');
}

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
