import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunFolder, displayPath, packageVersions, RECORDED_PACKAGES, writeFileAtomic } from './run-folder.js';
import { RESULTS_SUITE, SPLIT_MNIST_EXTRA_STRATEGIES, SUITE_STRATEGIES, suiteConfig } from './results-suite.js';
import { accuracyCurve, accuracySvg } from './comparison-report.js';

describe('run folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'avalanche-cli-runs-'));

  it('are named by UTC time and experiment name, and never overwrite each other', () => {
    const now = new Date('2026-01-02T03:04:05.678Z');
    const first = createRunFolder('runs', 'my exp/1', now, root);
    const second = createRunFolder('runs', 'my exp/1', now, root);
    expect(first).toBe(join(root, 'runs', '20260102-030405-my-exp-1'));
    expect(second).toBe(`${first}-2`);
    expect(existsSync(second)).toBe(true);
  });

  it('write files atomically, leaving no temporary file', () => {
    const file = join(root, 'deep', 'a.txt');
    writeFileAtomic(file, 'hello');
    expect(readFileSync(file, 'utf8')).toBe('hello');
    expect(readdirSync(join(root, 'deep'))).toEqual(['a.txt']);
  });

  it('show paths relative to the working directory only when inside it', () => {
    expect(displayPath('/work/main', '/work/main/runs/x')).toBe('runs/x');
    expect(displayPath('/work/main', '/tmp/runs/x')).toBe('/tmp/runs/x');
    expect(displayPath('/work/main', '/work/main')).toBe('.');
  });

  it('record the versions of every recorded package, "not installed" when missing', () => {
    const versions = packageVersions((s) => require.resolve(s));
    expect(Object.keys(versions)).toEqual([...RECORDED_PACKAGES]);
    expect(versions['@tensorflow/tfjs']).toBe('4.22.0');
    expect(versions['@tensorflow/tfjs-backend-wasm']).toBe('4.22.0');
    const none = packageVersions(() => {
      throw new Error('not found');
    });
    expect(Object.values(none).every((v) => v === 'not installed')).toBe(true);
  });
});

describe('results suite', () => {
  it('runs the registered strategies and names the missing ones; quick mode trims the data', () => {
    const { config, missing } = suiteConfig(RESULTS_SUITE[0], ['naive', 'replay', 'fromScratchTraining'], true);
    expect(config.strategies).toEqual([{ name: 'naive' }, { name: 'replay', options: { memSize: 500 } }]);
    expect(missing).toEqual([...SUITE_STRATEGIES, ...SPLIT_MNIST_EXTRA_STRATEGIES].map((s) => s.name).filter((n) => n !== 'naive' && n !== 'replay'));
    // The newer strategies run on SplitMNIST only, after the common ones.
    const all = ['naive', 'erAce'];
    expect(suiteConfig(RESULTS_SUITE[0], all, false).config.strategies).toEqual([{ name: 'naive' }, { name: 'erAce', options: { memSize: 500 } }]);
    expect(suiteConfig(RESULTS_SUITE[1], all, false).config.strategies).toEqual([{ name: 'naive' }]);
    expect((config.benchmark as { options: Record<string, unknown> }).options).toMatchObject({ trainSamplesPerClass: 50, testSamplesPerClass: 50 });
    expect(RESULTS_SUITE.map((e) => e.id)).toEqual(['split-mnist', 'permuted-mnist', 'split-fmnist']);
  });
});

describe('comparison report', () => {
  it('reads the stream accuracy after each experience and draws one line per run', () => {
    const run = {
      result: { strategy: 'naive', seed: 0, finalAccuracy: 0.2, seconds: 1 },
      dir: '/x',
      lastMetrics: {},
      allMetrics: { 'Top1_Acc_Stream/eval_phase/test_stream/Task000': { x: [1, 2, 3], values: [0.9, 0.5, 0.2] }, 'Top1_Acc_Stream/eval_phase/train_stream/Task000': { x: [1], values: [1] } },
    };
    expect(accuracyCurve(run)).toEqual([0.9, 0.5, 0.2]);
    const svg = accuracySvg([{ label: 'naive <a>', values: [0.9, 0.5, 0.2] }]);
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).toContain('naive &lt;a&gt;');
    expect(svg.match(/points="([^"]+)"/)![1].split(' ')).toHaveLength(3);
  });
});
