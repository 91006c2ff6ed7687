import { ValidationError } from '@avalanche-ts/core';
import { parseList, type CliIO, type Command, type ParsedArgs } from './command.js';
import { loadConfigFile } from './load-config-file.js';
import { applyOverrides, flagArgs, OVERRIDE_FLAGS, runAndReport, type CliContext } from './run-command.js';

/** The config `compare` starts from when no file is given (every field can be changed by a flag). */
export const COMPARE_BASE = {
  name: 'compare',
  benchmark: { name: 'splitMNIST' },
  model: { name: 'simpleMLP' },
} as const;

/**
 * The strategies to compare: names from `--strategies`; a name that the config already lists keeps the
 * config's options and label, other names get their defaults.
 */
export function selectStrategies(raw: Record<string, unknown>, names: readonly string[]): unknown[] {
  const listed = [...(Array.isArray(raw.strategies) ? raw.strategies : []), ...(raw.strategy !== undefined ? [raw.strategy] : [])];
  const nameOf = (s: unknown) => (typeof s === 'string' ? s : (s as { label?: string; name?: string } | null)?.label ?? (s as { name?: string } | null)?.name);
  return names.map((name) => listed.find((s) => nameOf(s) === name) ?? { name });
}

/** `avalanche-ts compare`: several strategies on one benchmark, one table. */
export function compareCommand(context: CliContext): Command {
  return {
    name: 'compare',
    summary: 'Run several strategies on one benchmark (same data, same initial weights per seed) and print one table.',
    usage: 'compare [config.json|yaml] --strategies naive,replay,ewc [options]',
    details: [
      'Without a config file the experiment is SplitMNIST with SimpleMLP and the experiment defaults',
      '(`avalanche-ts list` shows them); --benchmark and --model pick others with their default options.',
      'With a config file, --strategies picks from its "strategies" (by label or name, keeping their options)',
      'and adds the others with default options. Example:',
      '',
      '  avalanche-ts compare --strategies naive,replay,ewc --seeds 0,1,2',
    ].join('\n'),
    flags: {
      strategies: { type: 'string', short: 's', value: '<a,b,c>', description: 'strategies to compare (default: those of the config)' },
      benchmark: { type: 'string', short: 'b', value: '<name>', description: 'benchmark with its default options (default splitMNIST)' },
      model: { type: 'string', short: 'm', value: '<name>', description: 'model with its default options (default simpleMLP)' },
      ...OVERRIDE_FLAGS,
    },
    maxPositionals: 1,
    async run(args: ParsedArgs, io: CliIO): Promise<number> {
      const file = args.positionals[0];
      const base = (file === undefined ? { ...COMPARE_BASE } : loadConfigFile(file, io.cwd)) as Record<string, unknown>;
      const raw: Record<string, unknown> = { ...base };
      if (typeof args.flags.benchmark === 'string') raw.benchmark = { name: args.flags.benchmark };
      if (typeof args.flags.model === 'string') raw.model = { name: args.flags.model };
      if (typeof args.flags.strategies === 'string') {
        const names = parseList(args.flags.strategies);
        if (names.length === 0) throw new ValidationError(`--strategies: expected a comma-separated list of strategy names, got ${JSON.stringify(args.flags.strategies)}`);
        raw.strategies = selectStrategies(base, names);
        delete raw.strategy;
      } else if (file === undefined) {
        throw new ValidationError('compare: give --strategies (e.g. --strategies naive,replay,ewc) or a config file with "strategies"; `avalanche-ts list strategies` shows the names');
      }
      await runAndReport(applyOverrides(raw, args.flags), context, io, ['compare', ...(file ? [file] : []), ...flagArgs(args)], file);
      return 0;
    },
  };
}
