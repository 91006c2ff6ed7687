import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, initBackend } from '@avalanche-ts/core';
import { TinyModel, expectNoTensorLeak, fakeScenario } from '@avalanche-ts/core/testing';
import { MTSimpleMLP } from '@avalanche-ts/models';
import { adam } from './adam.js';
import { checkpointToBytes, restoreFromBytes } from './checkpoint.js';
import { loadCheckpoint, maybeLoadCheckpoint, saveCheckpoint } from './checkpoint-file.js';
import { decodeState, encodeState, tensorsIn } from './checkpoint-format.js';
import { naive } from './naive.js';
import { sgd } from './sgd.js';
import { continueRun, makeCheckpointRun, type CheckpointRun } from './test-support/checkpoint-run.js';
import { TestEvaluator } from './test-support/test-evaluator.js';

let dir: string;
beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
  dir = mkdtempSync(path.join(tmpdir(), 'avts-ckpt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function finalState(run: CheckpointRun) {
  return {
    history: run.evaluator.getAllMetrics(),
    last: run.evaluator.getLastMetrics(),
    weights: run.model.namedParameters().map(([, v]) => Array.from(v.dataSync())),
    clock: run.strategy.progress(),
    rng: run.strategy.rng.getState(),
  };
}

function dispose(run: CheckpointRun): void {
  run.strategy.dispose();
  run.model.dispose();
}

describe('checkpoint format', () => {
  it('round-trips tensors, typed arrays and JSON exactly', async () => {
    const t = tf.tensor2d([[1.5, -0], [Number.MIN_VALUE, 3.4e38]]);
    const i = tf.tensor1d([1, -2, 2147483647], 'int32');
    const b = tf.tensor1d([true, false], 'bool');
    const tree = { t, nested: [{ i, b }, null, 'text'], typed: new Float32Array([0.1, 0.2]), nan: NaN, inf: -Infinity, negZero: -0, $odd: 1 };
    const back = decodeState(await encodeState(tree), 'test') as Record<string, unknown>;
    expect(Array.from((back.t as tf.Tensor).dataSync())).toEqual(Array.from(t.dataSync()));
    const nested = back.nested as [{ i: tf.Tensor; b: tf.Tensor }, null, string];
    expect(nested[0].i.dtype).toBe('int32');
    expect(Array.from(nested[0].i.dataSync())).toEqual([1, -2, 2147483647]);
    expect(Array.from(nested[0].b.dataSync())).toEqual([1, 0]);
    expect(nested.slice(1)).toEqual([null, 'text']);
    expect(back.typed).toEqual(new Float32Array([0.1, 0.2]));
    expect(back.nan).toBeNaN();
    expect(back.inf).toBe(-Infinity);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(back.$odd).toBe(1);
    tf.dispose([t, i, b, ...tensorsIn(back as never)]);
  });

  it('rejects foreign, truncated, corrupted and newer files with a clear CheckpointError', async () => {
    const bytes = await encodeState({ a: 1, w: new Float32Array(10) });
    expect(() => decodeState(new TextEncoder().encode('{"not": "a checkpoint"}'), 'x.ckpt')).toThrow(/x.ckpt is not an avalanche-ts checkpoint/);
    expect(() => decodeState(bytes.subarray(0, bytes.length - 5), 'x.ckpt')).toThrow(/x.ckpt is truncated.*announces \d+ bytes, the file has \d+/);
    const corrupted = bytes.slice();
    corrupted[corrupted.length - 1] ^= 0xff;
    expect(() => decodeState(corrupted, 'x.ckpt')).toThrow(/corrupted: CRC-32 mismatch/);
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(8, 99, true);
    expect(() => decodeState(newer, 'x.ckpt')).toThrow(/format version 99/);
    expect(() => decodeState(bytes.subarray(0, 3), 'x.ckpt')).toThrow(CheckpointError);
  });
});

describe('saveCheckpoint / loadCheckpoint', () => {
  it('resumes to bit-identical metrics and weights, and stays small', async () => {
    const reference = makeCheckpointRun();
    await continueRun(reference, 0);
    const expected = finalState(reference);
    dispose(reference);

    const first = makeCheckpointRun();
    const file = path.join(dir, 'resume.ckpt');
    await continueRun(first, 0, async (done) => {
      if (done === 2) await saveCheckpoint(first.strategy, file, { nextExperience: done });
    });
    dispose(first);
    // Written through a temporary file renamed into place: nothing else is left in the folder.
    expect(readdirSync(dir).filter((f) => f.includes('resume'))).toEqual(['resume.ckpt']);

    const resumed = makeCheckpointRun();
    const restored = await loadCheckpoint(resumed.strategy, file);
    expect(restored.extra).toEqual({ nextExperience: 2 });
    expect(restored.expCounter).toBe(2);
    expect(restored.trainedExperiences).toEqual([0, 1]);
    await continueRun(resumed, restored.expCounter);
    expect(finalState(resumed)).toEqual(expected);
    // Weights + momentum of 10 classes x 16 hidden TinyModel (~2.3k floats) plus metric history: no data.
    const nParams = resumed.model.namedParameters().reduce((n, [, v]) => n + v.size, 0);
    const size = readFileSync(file).byteLength;
    expect(size).toBeLessThan(nParams * 4 * 2 + 16_384);
    dispose(resumed);
  });

  it('does not leak tensors when saving and loading', async () => {
    const run = makeCheckpointRun();
    await continueRun(run, 4);
    const bytes = await checkpointToBytes(run.strategy);
    await expectNoTensorLeak(async () => {
      await checkpointToBytes(run.strategy);
      await restoreFromBytes(run.strategy, bytes);
    });
    dispose(run);
  });

  it('refuses a checkpoint of another model or plugin set, and a missing file', async () => {
    const run = makeCheckpointRun();
    const bytes = await checkpointToBytes(run.strategy);
    const model = new TinyModel({ inputSize: 8, nClasses: 10 });
    const other = naive({ model, optimizer: sgd({ lr: 0.1 }) });
    await expect(restoreFromBytes(other, bytes, 'a.ckpt')).rejects.toThrow(/a.ckpt has state for plugins \[LRSchedulerPlugin, TestEvaluator\] but the strategy's plugins with state are \[\]/);
    const foreign = await encodeState({ format: 'something-else' });
    await expect(restoreFromBytes(other, foreign, 'b.ckpt')).rejects.toThrow(/b.ckpt does not hold a strategy checkpoint:[\s\S]*b.ckpt.format/);
    await expect(loadCheckpoint(other, path.join(dir, 'missing.ckpt'))).rejects.toThrow(/could not read checkpoint .*missing.ckpt/);
    expect(await maybeLoadCheckpoint(other, path.join(dir, 'missing.ckpt'))).toBeUndefined();
    const garbage = path.join(dir, 'garbage.ckpt');
    writeFileSync(garbage, 'hello');
    await expect(loadCheckpoint(other, garbage)).rejects.toThrow(/garbage.ckpt is not an avalanche-ts checkpoint/);
    other.dispose();
    model.dispose();
    dispose(run);
  });

  it('survives SIGKILL mid-run: resuming from the last checkpoint gives the metrics of an uninterrupted run', async () => {
    const reference = makeCheckpointRun();
    await continueRun(reference, 0);
    const expected = finalState(reference);
    dispose(reference);

    const file = path.join(dir, 'killed.ckpt');
    const support = path.join(__dirname, 'test-support');
    const tsx = [require.resolve('tsx/cli'), '--tsconfig', path.join(support, 'tsconfig.child.json')];
    const child = spawn(process.execPath, [...tsx, path.join(support, 'checkpoint-child.ts'), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killedAfter = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/saved 2\n/.test(out)) {
          child.kill('SIGKILL');
          resolve(out);
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before the kill: ${out}\n${stderr}`)));
    });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    expect(exit).toBe('SIGKILL');
    expect(killedAfter).not.toMatch(/finished/);

    const resumed = makeCheckpointRun();
    const restored = await loadCheckpoint(resumed.strategy, file);
    expect(restored.expCounter).toBeGreaterThanOrEqual(2);
    expect(restored.expCounter).toBeLessThan(5);
    await continueRun(resumed, restored.expCounter);
    expect(finalState(resumed)).toEqual(expected);
    dispose(resumed);
  });
});

describe('checkpoints of a growing multi-task model', () => {
  it.each([
    ['heads created by the initial evaluation', 0],
    ['heads created after the checkpoint', -1],
  ])('resume Adam and the grown heads of MTSimpleMLP exactly (task-incremental, %s)', async (_label, evalEvery) => {
    const scenario = fakeScenario({ nExperiences: 3, taskLabels: true, samplesPerClass: 16, seed: 3 });
    const train = [...scenario.trainStream];
    const make = () => {
      const model = new MTSimpleMLP({ inputSize: 8, hiddenSize: 16, dropRate: 0.2, seed: 4 });
      const evaluator = new TestEvaluator();
      const optimizer = adam({ lr: 0.01 });
      const strategy = naive({ model, optimizer, trainMbSize: 8, trainEpochs: 2, evaluator, evalEvery, seed: 5 });
      return { model, evaluator, optimizer, strategy };
    };
    const runFrom = async (r: ReturnType<typeof make>, from: number, onSaved?: (done: number) => Promise<void>) => {
      for (let k = from; k < 3; k++) {
        await r.strategy.train(train[k], { evalStreams: [scenario.testStream] });
        await onSaved?.(k + 1);
      }
      if (evalEvery < 0) await r.strategy.eval(scenario.testStream);
    };
    const reference = make();
    await runFrom(reference, 0);
    // One head per task, each registered with the optimizer as it appeared.
    expect(reference.optimizer.parameterNames.filter((n) => n.startsWith('classifier.')).length).toBeGreaterThanOrEqual(3 * 2);
    const metrics = reference.evaluator.getLastMetrics();
    expect(metrics['Top1_Acc_Stream/eval_phase/test_stream/Task000']).toBeGreaterThan(0.9);
    const expected = { history: reference.evaluator.getAllMetrics(), weights: reference.model.stateDict() };
    const expectedWeights = Object.fromEntries(Object.entries(expected.weights).map(([k, t]) => [k, Array.from(t.dataSync())]));

    const first = make();
    let bytes: Uint8Array | undefined;
    await runFrom(first, 0, async (done) => {
      if (done === 1) bytes = await checkpointToBytes(first.strategy);
    });
    const resumed = make();
    const restored = await restoreFromBytes(resumed.strategy, bytes!);
    await runFrom(resumed, restored.expCounter);
    expect(resumed.evaluator.getAllMetrics()).toEqual(expected.history);
    const weights = Object.fromEntries(Object.entries(resumed.model.stateDict()).map(([k, t]) => [k, Array.from(t.dataSync())]));
    expect(weights).toEqual(expectedWeights);
    for (const r of [reference, first, resumed]) {
      r.strategy.dispose();
      r.model.dispose();
    }
  });
});
