import type { Experience } from './experience.js';
import type { Stream } from './stream.js';
import { ValidationError } from './errors.js';

/** A benchmark: named streams (always `train` and `test`; often `valid` or others) plus descriptive facts. */
export interface Scenario<E extends Experience = Experience> {
  /** Human-readable name that says which data it uses, e.g. "SplitMNIST (MNIST-10k train + real MNIST test)". */
  readonly name: string;
  readonly description?: string;
  readonly streams: Readonly<Record<string, Stream<E>>>;
  readonly trainStream: Stream<E>;
  readonly testStream: Stream<E>;
  readonly nClasses?: number;
  readonly classesOrder?: readonly number[];
}

export interface CreateScenarioOptions<E extends Experience> {
  readonly name: string;
  readonly description?: string;
  readonly streams: Readonly<Record<string, Stream<E>>>;
  readonly nClasses?: number;
  readonly classesOrder?: readonly number[];
}

/** Builds a Scenario from named streams; `train` and `test` must be present and each stream's name must match its key. */
export function createScenario<E extends Experience>(options: CreateScenarioOptions<E>): Scenario<E> {
  const { streams } = options;
  for (const required of ['train', 'test']) {
    if (!streams[required]) throw new ValidationError(`scenario "${options.name}" needs a "${required}" stream; got streams [${Object.keys(streams).join(', ')}]`);
  }
  for (const [key, stream] of Object.entries(streams)) {
    if (stream.name !== key) throw new ValidationError(`scenario stream key "${key}" holds a stream named "${stream.name}"`);
  }
  return {
    name: options.name,
    description: options.description,
    streams,
    trainStream: streams.train,
    testStream: streams.test,
    nClasses: options.nClasses,
    classesOrder: options.classesOrder,
  };
}
