import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';
import type { CliIO } from './command.js';

// The CLI as a user runs it, in-process: real registries, MNIST-10k cut to a few hundred samples.
function capture(cwd: string): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd,
    env: {},
    stdout: () => out,
    stderr: () => err,
  };
}

const resolvePackageJson = (specifier: string) => require.resolve(specifier);
const repoRoot = join(__dirname, '..', '..', '..');

describe('avalanche-ts run (end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avalanche-cli-e2e-'));
  const config = {
    name: 'tiny-split-mnist',
    benchmark: { name: 'splitMNIST', options: { nExperiences: 5, trainSamplesPerClass: 40, testSamplesPerClass: 20 } },
    model: { name: 'simpleMLP', options: { hiddenSize: 32 } },
    strategies: ['naive'],
    optimizer: { name: 'sgd', options: { lr: 0.05, momentum: 0.9 } },
    trainMbSize: 16,
    evalMbSize: 100,
    seeds: [3],
    loggers: ['text', 'csv'],
    output: join(dir, 'runs'),
    backend: 'cpu',
  };
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify(config));

  async function run(args: string[]) {
    // The MNIST test set lives in the repository's shared data, found from the working directory.
    const io = capture(repoRoot);
    const code = await main(args, { resolvePackageJson, io: { ...io, cwd: repoRoot } });
    return { code, out: io.stdout(), err: io.stderr() };
  }

  it('writes the run folder and gives the same numbers when its config.json is run again', async () => {
    const first = await run(['run', join(dir, 'tiny.json')]);
    expect(first.err).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    const runDir = /Run folder: (\S+)/.exec(first.out)![1];
    for (const file of ['config.json', 'run.json', 'results.md', 'results.csv', 'runs.csv', 'report.html', 'naive/seed-3/metrics.json', 'naive/seed-3/csvlogs/eval_results.csv']) {
      expect(existsSync(join(runDir, file))).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    expect(manifest.seeds).toEqual([3]);
    expect(manifest.backend.active).toBe('cpu');
    expect(manifest.packages['@tensorflow/tfjs']).toBe('4.22.0');
    expect(manifest.packages['@avalanche-ts/core']).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.runtime.node).toBe(process.version);
    const resolved = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    expect(resolved.model).toEqual({ name: 'simpleMLP', options: { hiddenSize: 32, hiddenLayers: 1, dropRate: 0.5 } });
    expect(first.out).toMatch(/\| naive +\| +3 \| +0\.\d{4} \| +-?0\.\d{4} \| +\d+\.\d \|/);

    const second = await run(['run', join(runDir, 'config.json')]);
    expect(second.code).toBe(0);
    const secondDir = /Run folder: (\S+)/.exec(second.out)![1];
    expect(secondDir).not.toBe(runDir);
    const metrics = (d: string) => JSON.parse(readFileSync(join(d, 'naive/seed-3/metrics.json'), 'utf8'));
    expect(metrics(secondDir).last).toEqual(metrics(runDir).last);
    expect(metrics(secondDir).result.finalAccuracy).toBe(metrics(runDir).result.finalAccuracy);
  });

  it('compare --seeds runs every seed and aggregates mean ± std into Markdown and CSV', async () => {
    const result = await run(['compare', join(dir, 'tiny.json'), '--strategies', 'naive', '--seeds', '0,1', '--backend', 'wasm']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/\| naive +\| +0,1 \| +0\.\d{4} ± 0\.\d{4} \|/);
    const runDir = /Run folder: (\S+)/.exec(result.out)![1];
    const csv = readFileSync(join(runDir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[1]).toMatch(/^naive,0 1,2,0\.\d+,\d/);
    const runs = readFileSync(join(runDir, 'runs.csv'), 'utf8').trim().split('\n');
    const [acc0, acc1] = runs.slice(1).map((line) => Number(line.split(',')[2]));
    const mean = Number(csv[1].split(',')[3]);
    expect(mean).toBeCloseTo((acc0 + acc1) / 2, 12);
    expect(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).backend.active).toBe('wasm');
  });

  it('reports a bad config with the file, the field, the value and what is allowed, and exits 1', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'benchmark: splitMNIST\nmodel: simpleMLP\nstrategy: { name: replay, options: { memSize: -1 } }\noptimizer: sgdd\n');
    const result = await run(['run', join(dir, 'bad.yaml')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('bad.yaml: invalid config:');
    expect(result.err).toMatch(/config\.strategy\.options\.memSize: .*greater than or equal to 1 \(got -1\)/);
    expect(result.err).toContain('config.optimizer.name: unknown optimizer "sgdd"; allowed: sgd, adam (got "sgdd")');
  });
});
