// Checkpoint and resume: a checkpoint after every experience (model, optimizer state, replay buffer, RNG,
// clock and metric history, written atomically), then a "crash" after experience 2 and a fresh process-like
// restart that resumes from the file. The resumed run ends with exactly the numbers of an uninterrupted one.
// Run: pnpm --filter example-checkpoint-resume start   (after `pnpm build`)
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, isSizedStream } from '@avalanche-ts/core';
import { splitMNIST } from '@avalanche-ts/benchmarks/node';
import { accuracyMetrics, evaluationPlugin } from '@avalanche-ts/evaluation';
import { SimpleMLP } from '@avalanche-ts/models';
import { replay, sgd } from '@avalanche-ts/training';
import { maybeLoadCheckpoint, saveCheckpoint } from '@avalanche-ts/training/node';

await initBackend();
const benchmark = await splitMNIST({ nExperiences: 5, seed: 0, trainSamplesPerClass: 200, testSamplesPerClass: 100 });
if (!isSizedStream(benchmark.trainStream)) throw new Error('SplitMNIST has a sized train stream');
const stream = benchmark.trainStream;

// Everything is rebuilt from the same code and seed; the checkpoint brings back the state.
function buildStrategy() {
  const model = new SimpleMLP({ numClasses: 10, hiddenSize: 128, dropRate: 0, seed: 0 });
  const evaluator = evaluationPlugin({ metrics: accuracyMetrics({ stream: true }) });
  // `sources` lets a restored replay buffer find the datasets its stored sample indices point into.
  const strategy = replay({ model, optimizer: sgd({ lr: 0.01, momentum: 0.9 }), memSize: 300, trainMbSize: 32, evalMbSize: 500, evaluator, seed: 0, sources: stream });
  return { model, strategy };
}

async function train(file: string, stopAfter?: number): Promise<number | undefined> {
  const { model, strategy } = buildStrategy();
  const restored = await maybeLoadCheckpoint(strategy, file);
  if (restored) console.log(`  resumed from ${file}: ${restored.expCounter} experiences already trained`);
  let accuracy: number | undefined;
  for (const experience of stream.slice(restored?.expCounter ?? 0)) {
    await strategy.train(experience);
    const metrics = await strategy.eval(benchmark.testStream);
    accuracy = metrics['Top1_Acc_Stream/eval_phase/test_stream/Task000'] as number;
    const bytes = await saveCheckpoint(strategy, file);
    console.log(`  experience ${experience.currentExperience}: accuracy ${accuracy.toFixed(6)}, checkpoint ${(bytes / 1024).toFixed(0)} KiB`);
    if (experience.currentExperience === stopAfter) {
      console.log('  -- simulated crash --');
      accuracy = undefined;
      break;
    }
  }
  strategy.dispose();
  model.dispose();
  return accuracy;
}

const dir = mkdtempSync(join(tmpdir(), 'avalanche-checkpoint-'));
console.log('uninterrupted run:');
const straight = await train(join(dir, 'straight.ckpt'));
console.log('interrupted run:');
await train(join(dir, 'resumed.ckpt'), 2);
console.log('restart:');
const resumed = await train(join(dir, 'resumed.ckpt'));
console.log(`final accuracy: uninterrupted ${straight}, resumed ${resumed} -> ${straight === resumed ? 'identical' : 'DIFFERENT'}`);
console.log(`checkpoint size: ${(statSync(join(dir, 'resumed.ckpt')).size / 1024).toFixed(0)} KiB (${dir})`);
