import type { CliIO } from './command.js';
import { defaultRegistries } from './default-registries.js';
import { describeOptions } from './describe-options.js';
import { LIST_KINDS } from './list-registries.js';
import { main } from './main.js';
import { DEMO_CONFIG } from './demo-config.js';
import { resolveExperimentConfig } from './experiment-config.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import type { Registry } from './registry.js';

function capture(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), cwd: process.cwd(), env: {}, stdout: () => out, stderr: () => err };
}

async function cli(args: string[]) {
  const io = capture();
  const code = await main(args, { resolvePackageJson: (s) => require.resolve(s), io });
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('avalanche-ts help', () => {
  it.each(['run', 'compare', 'list', 'demo', 'results'])('%s --help prints its usage and flags and exits 0', async (command) => {
    const { code, out } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(out).toContain(`Usage: avalanche-ts ${command}`);
    expect(out).toContain('--help');
    expect((await cli(['help', command])).out).toBe(out);
  });

  it('lists the commands; an unknown command exits 2 naming the allowed ones', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['run', 'compare', 'list', 'demo', 'results', 'help']) expect(help.out).toMatch(new RegExp(`\\n  ${c} +\\S`));
    const bad = await cli(['rnu']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown command "rnu"; allowed: run, compare, list, demo, results, help');
    expect((await cli(['--version'])).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a bad flag is a usage error that names it', async () => {
    const { code, err } = await cli(['run', 'x.yaml', '--seed', '1']);
    expect(code).toBe(1);
    expect(err).toMatch(/run: .*'--seed'.*; allowed flags: --seeds, --output, --backend, --epochs, --help/);
  });
});

describe('avalanche-ts list', () => {
  const registries = defaultRegistries() as unknown as ExperimentRegistries;

  it('--json shows every entry of every registry with its options and defaults', async () => {
    const { code, out } = await cli(['list', '--json']);
    expect(code).toBe(0);
    const listing = JSON.parse(out);
    for (const kind of LIST_KINDS) {
      const registry = registries[kind] as Registry<unknown, never>;
      expect(listing[kind].map((e: { name: string }) => e.name)).toEqual(registry.names());
      for (const entry of registry.list()) {
        const listed = listing[kind].find((e: { name: string }) => e.name === entry.name);
        expect(listed.options).toEqual(JSON.parse(JSON.stringify(describeOptions(entry.options))));
      }
    }
    expect(listing.experiment.trainMbSize).toBe(32);
  });

  it('prints one kind as text with types and defaults', async () => {
    const { out } = await cli(['list', 'optimizers']);
    expect(out).toMatch(/^OPTIMIZERS \(2\)/);
    expect(out).toMatch(/  sgd  SGD/);
    expect(out).toMatch(/lr: number >= 0 +default 0.01/);
    expect(out).toMatch(/nesterov: boolean +default false/);
    const bad = await cli(['list', 'strategy']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('list: unknown kind "strategy"; allowed: benchmarks, models, strategies, optimizers, metrics, loggers');
  });

  it('every registry entry accepts its own defaults, and the demo config resolves', () => {
    for (const kind of LIST_KINDS) {
      const registry = registries[kind] as Registry<unknown, never>;
      for (const name of registry.names()) expect(() => registry.parseOptions(name, {})).not.toThrow();
    }
    const demo = resolveExperimentConfig(DEMO_CONFIG, registries);
    expect(demo.strategies.map((s) => s.label)).toEqual(['naive', 'replay', 'ewc']);
  });
});
