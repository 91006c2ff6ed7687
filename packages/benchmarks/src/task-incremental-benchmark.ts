import { ListStream, createScenario, isSizedStream, type ClassificationDataset, type Experience, type Scenario, type Stream } from '@avalanche-ts/core';
import { ArrayDataset } from './array-dataset.js';
import { lazyStream } from './lazy-stream.js';

/**
 * Task-incremental version of a benchmark (Avalanche's `task_incremental_benchmark`): every sample of
 * experience e of every stream gets task label e, so multi-head models pick head e. Sized streams stay
 * sized, lazy streams stay lazy.
 */
export function taskIncrementalBenchmark(scenario: Scenario): Scenario {
  const relabel = (exp: Experience): Experience => {
    const dataset: ClassificationDataset = ArrayDataset.from(exp.dataset).withTaskLabels(exp.currentExperience);
    return { ...exp, dataset, taskLabels: [exp.currentExperience] };
  };
  const streams: Record<string, Stream> = {};
  for (const [name, stream] of Object.entries(scenario.streams)) {
    streams[name] = isSizedStream(stream)
      ? new ListStream(name, stream.length, (i) => relabel(stream.at(i)))
      : lazyStream(name, function* () {
          for (const exp of stream) yield relabel(exp);
        });
  }
  return createScenario({ name: `${scenario.name} (task-incremental)`, description: scenario.description, streams, nClasses: scenario.nClasses, classesOrder: scenario.classesOrder });
}
