import { classesOf, taskLabelsOf } from '../classification-dataset.js';
import type { Experience } from '../experience.js';
import { Rng } from '../rng.js';
import { createScenario, type Scenario } from '../scenario.js';
import { ListStream } from '../stream.js';
import { InMemoryDataset } from './in-memory-dataset.js';

export interface FakeScenarioOptions {
  readonly nExperiences?: number;
  readonly classesPerExperience?: number;
  readonly samplesPerClass?: number;
  readonly testSamplesPerClass?: number;
  readonly inputSize?: number;
  /** Give experience i the task label i (task-incremental); default: every sample has task 0. */
  readonly taskLabels?: boolean;
  readonly seed?: number;
}

/**
 * A small class-incremental scenario over well-separated Gaussian clusters, one cluster per class,
 * so a tiny model learns it in a few iterations. Deterministic for a seed.
 */
export function fakeScenario(options: FakeScenarioOptions = {}): Scenario<Experience<InMemoryDataset>> {
  const nExp = options.nExperiences ?? 3;
  const perExp = options.classesPerExperience ?? 2;
  const inputSize = options.inputSize ?? 8;
  const rng = new Rng(options.seed ?? 0);
  const nClasses = nExp * perExp;
  const centers = Array.from({ length: nClasses }, () => Float32Array.from({ length: inputSize }, () => rng.normal() * 3));

  const make = (samplesPerClass: number, streamName: string) => {
    const experiences: Experience<InMemoryDataset>[] = [];
    for (let e = 0; e < nExp; e++) {
      const n = samplesPerClass * perExp;
      const data = new Float32Array(n * inputSize);
      const targets = new Int32Array(n);
      const tasks = new Int32Array(n).fill(options.taskLabels ? e : 0);
      for (let k = 0; k < n; k++) {
        const c = e * perExp + (k % perExp);
        targets[k] = c;
        for (let d = 0; d < inputSize; d++) data[k * inputSize + d] = centers[c][d] + rng.normal();
      }
      const dataset = new InMemoryDataset(data, [inputSize], targets, tasks);
      const classes = classesOf(dataset);
      const previous = Array.from({ length: e * perExp }, (_, i) => i);
      experiences.push({
        currentExperience: e,
        streamName,
        dataset,
        taskLabels: taskLabelsOf(dataset),
        classesInThisExperience: classes,
        previousClasses: previous,
        classesSeenSoFar: [...previous, ...classes],
        futureClasses: Array.from({ length: nClasses - (e + 1) * perExp }, (_, i) => (e + 1) * perExp + i),
      });
    }
    return ListStream.fromArray(streamName, experiences);
  };

  return createScenario({
    name: 'FakeScenario (Gaussian clusters)',
    streams: { train: make(options.samplesPerClass ?? 20, 'train'), test: make(options.testSamplesPerClass ?? 10, 'test') },
    nClasses,
    classesOrder: Array.from({ length: nClasses }, (_, i) => i),
  });
}
