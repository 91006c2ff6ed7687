import type * as tf from '@tensorflow/tfjs';
import type { Experience, Minibatch, Stream } from '@avalanche-ts/core';

/** True for a single experience (as opposed to a stream or an iterable of experiences). */
export function isExperience(value: unknown): value is Experience {
  return typeof value === 'object' && value !== null && 'dataset' in value && 'currentExperience' in value;
}

/** Every tensor of a minibatch, extras included. */
export function minibatchTensors(mb: Minibatch): tf.Tensor[] {
  const out: tf.Tensor[] = [mb.x, mb.y, mb.taskLabels];
  if (mb.extras) out.push(...Object.values(mb.extras));
  return out;
}

/** Streams stay as they are; loose experiences are grouped by stream name (Avalanche's `_group_experiences_by_stream`). */
export function groupEvalStreams(items: ReadonlyArray<Stream | Experience>): Array<Iterable<Experience>> {
  const groups: Array<Iterable<Experience>> = [];
  const byName = new Map<string, Experience[]>();
  for (const item of items) {
    if (!isExperience(item)) {
      groups.push(item);
      continue;
    }
    let list = byName.get(item.streamName);
    if (list === undefined) {
      byName.set(item.streamName, (list = []));
      groups.push(list);
    }
    list.push(item);
  }
  return groups;
}
