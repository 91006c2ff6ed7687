import { parseArgs } from 'node:util';
import { ValidationError } from '@avalanche-ts/core';

/** Where a command writes and what it may read; tests pass their own to capture output. */
export interface CliIO {
  /** Normal output (tables, lists): stdout. */
  out(text: string): void;
  /** Progress and diagnostics: stderr. */
  err(text: string): void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** One flag of a command, described for `--help`. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly description: string;
  /** Placeholder in the help, e.g. `<0,1,2>`. */
  readonly value?: string;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
}

/** A subcommand: its flags drive both parsing and `--help`. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Usage line after `avalanche-ts`, e.g. `run <config.json|yaml> [options]`. */
  readonly usage: string;
  /** Paragraphs after the usage line: what it does, examples. */
  readonly details?: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly maxPositionals: number;
  /** Returns the process exit code. */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

const HELP_FLAG: FlagSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** Parses a command's arguments; an unknown flag or a missing value is a ValidationError naming it and listing the allowed flags. */
export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs & { help: boolean } {
  const flags = { ...command.flags, help: HELP_FLAG };
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ValidationError(`${command.name}: ${reason}; allowed flags: ${Object.keys(flags).map((f) => `--${f}`).join(', ')}`, { cause: error });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const help = values.help === true;
  if (!help && parsed.positionals.length > command.maxPositionals) {
    throw new ValidationError(
      `${command.name}: unexpected argument ${JSON.stringify(parsed.positionals[command.maxPositionals])}; usage: avalanche-ts ${command.usage}`,
    );
  }
  return { positionals: parsed.positionals, flags: values, help };
}

/** The `--help` text of a command: usage, details and every flag. */
export function commandHelp(command: Command): string {
  const flags = { ...command.flags, help: HELP_FLAG };
  const left = Object.entries(flags).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    return `${short}--${name}${spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : ''}`;
  });
  const width = Math.max(...left.map((l) => l.length));
  const rows = Object.values(flags).map((spec, i) => `  ${left[i].padEnd(width)}  ${spec.description}`);
  return [`Usage: avalanche-ts ${command.usage}`, '', command.summary, ...(command.details ? ['', command.details] : []), '', 'Options:', ...rows, ''].join('\n');
}

/** Parses `--seeds 0,1,2` (also `0-4` for a range); errors name the flag, the value and the format. */
export function parseSeeds(text: string, flag = '--seeds'): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new ValidationError(`${flag}: range "${part}" is empty (in ${JSON.stringify(text)}); write low-high`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^\d+$/.test(part)) {
      seeds.push(Number(part));
    } else {
      throw new ValidationError(`${flag}: ${JSON.stringify(part)} is not a seed (in ${JSON.stringify(text)}); allowed: non-negative integers separated by commas, e.g. 0,1,2 or 0-4`);
    }
  }
  return seeds;
}

/** Splits a comma-separated list flag (`--strategies naive,replay`), dropping empty items. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
