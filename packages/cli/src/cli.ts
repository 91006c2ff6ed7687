import { AvalancheError } from '@avalanche-ts/core';
import { commandHelp, parseCommandArgs, type CliIO, type Command } from './command.js';

/** The top-level help: every command with its summary. */
export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `avalanche-ts ${version}: run, compare and reproduce continual-learning experiments`,
    '',
    'Usage: avalanche-ts <command> [options]   (avalanche-ts <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show this help, or a command's help (help <command>).`,
    '',
    'Start with `avalanche-ts demo`, then `avalanche-ts list` to see what a config can name.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code: 0 success, 1 a library
 * error (bad config, bad data: the message says what and where), 2 a usage error. Unexpected errors keep
 * their stack.
 */
export async function runCli(argv: readonly string[], commands: readonly Command[], io: CliIO, version: string): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(mainHelp(commands, version));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version}\n`);
    return 0;
  }
  if (name === 'help') {
    const target = commands.find((c) => c.name === rest[0]);
    io.out(target ? commandHelp(target) : mainHelp(commands, version));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`avalanche-ts: unknown command ${JSON.stringify(name)}; allowed: ${[...commands.map((c) => c.name), 'help'].join(', ')}\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.help) {
      io.out(commandHelp(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (AvalancheError.isInstance(error)) {
      io.err(`avalanche-ts ${command.name}: ${error.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
