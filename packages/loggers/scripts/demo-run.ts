// A real (tiny) class-incremental run through every logger, and what the loggers cost.
// `npx tsx scripts/demo-run.ts` (after `pnpm build`): naive fine-tuning of core's TinyModel on fakeScenario
// (3 experiences x 2 classes), accuracy/loss/forgetting computed here as Avalanche defines them, logged in
// Avalanche's names; writes runs/demo-run/{csvlogs,tb,report,metrics.jsonl} and prints timings.
import * as tf from '@tensorflow/tfjs';
import { initBackend, type HookName, type Logger, type MetricValue } from '@avalanche-ts/core';
import { fakeScenario, TinyModel } from '@avalanche-ts/core/testing';
import { InMemoryLogger, JsonLinesLogger, TensorBoardLogger, TextLogger, formatMetricName } from '@avalanche-ts/loggers';
import { csvFileLogger, htmlReportLogger, jsonLinesFileLogger, tensorboardFileLogger, terminalLogger } from '@avalanche-ts/loggers/node';

await initBackend({ backend: 'cpu' });
const scenario = fakeScenario({ nExperiences: 3, classesPerExperience: 2, samplesPerClass: 64, testSamplesPerClass: 32, seed: 1 });
const model = new TinyModel({ inputSize: 8, nClasses: 6, seed: 1 });
const optimizer = tf.train.sgd(0.05);
const out = 'runs/demo-run';
const loggers: Logger[] = [
  terminalLogger(),
  csvFileLogger({ logFolder: `${out}/csvlogs` }),
  tensorboardFileLogger({ logDir: `${out}/tb` }),
  jsonLinesFileLogger({ path: `${out}/metrics.jsonl` }),
  htmlReportLogger({ outDir: `${out}/report`, title: 'Naive on fakeScenario (3 x 2 classes)', config: { strategy: 'naive', lr: 0.05, epochs: 2, batch: 16, seed: 1 } }),
];
let loggerMs = 0;
const perLogger = new Map<string, number>();
let iterations = 0;
const emit = async (hook: HookName, context: object, values: MetricValue[] = []) => {
  for (const logger of loggers) {
    const t = performance.now();
    if (values.length > 0) logger.logMetrics(values);
    await logger[hook]?.({ clock: { trainIterations: iterations, trainExpEpochs: 0 }, ...context } as never, {} as never);
    const ms = performance.now() - t;
    loggerMs += ms;
    perLogger.set(logger.name, (perLogger.get(logger.name) ?? 0) + ms);
  }
};
const mv = (metric: string, phase: 'train' | 'eval', stream: string, value: number, exp?: number): MetricValue => ({
  origin: metric, name: formatMetricName({ metric, phase, stream, task: 0, ...(exp !== undefined ? { exp } : {}) }), value, xPlot: iterations,
});

const initial = new Map<number, number>();
const t0 = performance.now();
for (const experience of scenario.trainStream) {
  const data = experience.dataset;
  const batches = Math.ceil(data.length / 16);
  const ctx = { isTraining: true, experience, dataLoader: { length: batches } };
  await emit('beforeTraining', ctx);
  await emit('beforeTrainingExp', ctx);
  for (let epoch = 0; epoch < 2; epoch++) {
    await emit('beforeTrainingEpoch', { ...ctx, clock: { trainIterations: iterations, trainExpEpochs: epoch } });
    let [correct, lossSum] = [0, 0];
    for (let b = 0; b < batches; b++) {
      const idx = Array.from({ length: Math.min(16, data.length - b * 16) }, (_, i) => b * 16 + i);
      const batch = data.getBatch(idx);
      const [loss, hits] = tf.tidy(() => {
        let hitsT: tf.Tensor | undefined;
        const l = optimizer.minimize(() => {
          const logits = model.forward(batch.x);
          // minimize() frees what its closure makes; keep the hit count (freed by the outer tidy).
          hitsT = tf.keep(tf.equal(tf.argMax(logits, 1), batch.y).sum());
          return tf.losses.softmaxCrossEntropy(tf.oneHot(batch.y, 6), logits);
        }, true)!;
        return [l.dataSync()[0], hitsT!.dataSync()[0]];
      });
      tf.dispose([batch.x, batch.y, batch.taskLabels]);
      [correct, lossSum] = [correct + hits, lossSum + loss * idx.length];
      iterations++;
      await emit('afterTrainingIteration', ctx, [mv('Loss_MB', 'train', 'train', loss)]);
    }
    await emit('afterTrainingEpoch', { ...ctx, clock: { trainIterations: iterations, trainExpEpochs: epoch } }, [
      mv('Top1_Acc_Epoch', 'train', 'train', correct / data.length), mv('Loss_Epoch', 'train', 'train', lossSum / data.length),
    ]);
  }
  await emit('afterTrainingExp', ctx);
  await emit('afterTraining', ctx);

  await emit('beforeEval', { isTraining: false });
  let [allCorrect, allLoss, n] = [0, 0, 0];
  const forgettings: number[] = [];
  for (const test of scenario.testStream) {
    const ectx = { isTraining: false, experience: test, dataLoader: { length: 1 } };
    await emit('beforeEvalExp', ectx);
    const batch = test.dataset.getBatch(Array.from({ length: test.dataset.length }, (_, i) => i));
    const [loss, hits] = tf.tidy(() => {
      const logits = model.forward(batch.x);
      return [tf.losses.softmaxCrossEntropy(tf.oneHot(batch.y, 6), logits).dataSync()[0], tf.equal(tf.argMax(logits, 1), batch.y).sum().dataSync()[0]];
    });
    tf.dispose([batch.x, batch.y, batch.taskLabels]);
    await emit('afterEvalIteration', ectx);
    const acc = hits / test.dataset.length;
    const exp = test.currentExperience;
    if (exp === experience.currentExperience) initial.set(exp, acc);
    const values = [mv('Top1_Acc_Exp', 'eval', 'test', acc, exp), mv('Loss_Exp', 'eval', 'test', loss, exp)];
    if (initial.has(exp)) {
      values.push(mv('ExperienceForgetting', 'eval', 'test', initial.get(exp)! - acc, exp));
      if (exp < experience.currentExperience) forgettings.push(initial.get(exp)! - acc);
    }
    await emit('afterEvalExp', ectx, values);
    [allCorrect, allLoss, n] = [allCorrect + hits, allLoss + loss * test.dataset.length, n + test.dataset.length];
  }
  const streamValues = [mv('Top1_Acc_Stream', 'eval', 'test', allCorrect / n), mv('Loss_Stream', 'eval', 'test', allLoss / n)];
  if (forgettings.length > 0) streamValues.push({ ...mv('StreamForgetting', 'eval', 'test', forgettings.reduce((a, b) => a + b) / forgettings.length), name: 'StreamForgetting/eval_phase/test_stream' });
  await emit('afterEval', { isTraining: false }, streamValues);
}
const t1 = performance.now();
const closeStart = performance.now();
for (const logger of loggers) await logger.close?.();
const closeMs = performance.now() - closeStart;

// Throughput of logMetrics alone: 10,000 scalar values per logger.
const values = Array.from({ length: 10_000 }, (_, i) => ({ origin: 'L', name: 'Loss_MB/train_phase/train_stream/Task000', value: i / 10_000, xPlot: i }));
const rate = (logger: Logger) => {
  const t = performance.now();
  for (const v of values) logger.logMetrics([v]);
  return Math.round(values.length / ((performance.now() - t) / 1000));
};
console.log(`\nrun: ${iterations} iterations in ${(t1 - t0).toFixed(0)} ms, of which loggers ${loggerMs.toFixed(0)} ms; close() (HTML + 4 PNGs) ${closeMs.toFixed(0)} ms`);
console.log(`per logger (ms): ${[...perLogger].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
console.log(`logMetrics values/s: TextLogger ${rate(new TextLogger({ write: () => {} }))}, JsonLines ${rate(new JsonLinesLogger({ write: () => {} }))}, ` +
  `TensorBoard ${rate(new TensorBoardLogger({ write: () => {} }))}, InMemory ${rate(new InMemoryLogger())}`);
console.log(`wrote ${out}/{csvlogs,tb,report,metrics.jsonl}`);
