import { ValidationError } from '@avalanche-ts/core';
import { commandHelp, parseCommandArgs, parseList, parseSeeds, type Command } from './command.js';

const command: Command = {
  name: 'run',
  summary: 'Run a thing.',
  usage: 'run <config> [options]',
  flags: { seeds: { type: 'string', value: '<0,1,2>', description: 'seeds' }, quiet: { type: 'boolean', short: 'q', description: 'less output' } },
  maxPositionals: 1,
  run: async () => 0,
};

describe('parseCommandArgs', () => {
  it('reads positionals, string and boolean flags', () => {
    const args = parseCommandArgs(command, ['exp.yaml', '--seeds', '0,1', '-q']);
    expect(args.positionals).toEqual(['exp.yaml']);
    expect(args.flags.seeds).toBe('0,1');
    expect(args.flags.quiet).toBe(true);
    expect(args.help).toBe(false);
    expect(parseCommandArgs(command, ['--help']).help).toBe(true);
    expect(parseCommandArgs(command, ['-h']).help).toBe(true);
  });

  it('names an unknown flag and lists the allowed ones', () => {
    expect(() => parseCommandArgs(command, ['--seed', '1'])).toThrow(ValidationError);
    expect(() => parseCommandArgs(command, ['--seed', '1'])).toThrow(/run: .*--seed.*; allowed flags: --seeds, --quiet, --help/);
  });

  it('refuses extra arguments, naming the first and showing the usage', () => {
    expect(() => parseCommandArgs(command, ['a.yaml', 'b.yaml'])).toThrow('run: unexpected argument "b.yaml"; usage: avalanche-ts run <config> [options]');
  });
});

describe('commandHelp', () => {
  it('shows the usage, the summary and every flag with its description', () => {
    const help = commandHelp(command);
    expect(help).toContain('Usage: avalanche-ts run <config> [options]');
    expect(help).toContain('Run a thing.');
    expect(help).toMatch(/--seeds <0,1,2> +seeds/);
    expect(help).toMatch(/-q, --quiet +less output/);
    expect(help).toMatch(/-h, --help +show this help/);
  });
});

describe('parseSeeds and parseList', () => {
  it('reads comma lists and ranges', () => {
    expect(parseSeeds('0,1,2')).toEqual([0, 1, 2]);
    expect(parseSeeds('3-5, 9')).toEqual([3, 4, 5, 9]);
    expect(parseList('naive, replay,,ewc')).toEqual(['naive', 'replay', 'ewc']);
  });

  it('names the flag, the bad part and the format', () => {
    expect(() => parseSeeds('0,x')).toThrow('--seeds: "x" is not a seed (in "0,x"); allowed: non-negative integers separated by commas, e.g. 0,1,2 or 0-4');
    expect(() => parseSeeds('5-2')).toThrow('--seeds: range "5-2" is empty');
    expect(() => parseSeeds('-1')).toThrow(ValidationError);
  });
});
