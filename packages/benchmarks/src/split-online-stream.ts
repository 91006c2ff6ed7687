import { Rng, parseWithSchema, type ClassificationDataset, type Experience, type Stream } from '@avalanche-ts/core';
import { z } from 'zod';
import { lazyStream, type MemoStream } from './lazy-stream.js';
import { makeExperience } from './make-experience.js';

const schema = z
  .object({
    shuffle: z.boolean().default(true),
    dropLast: z.boolean().default(false),
    accessTaskBoundaries: z.boolean().default(false),
    seed: z.number().finite().default(0),
  })
  .strict();

/** Options of {@link splitOnlineStream}. */
export type SplitOnlineStreamOptions = z.input<typeof schema>;

/** An online sub-experience; `online` (boundary facts) is present only with `accessTaskBoundaries`. */
export type OnlineExperience = Experience<ClassificationDataset>;

/**
 * Online continual learning stream (Avalanche's `split_online_stream`): every experience of `stream` is
 * cut into sub-experiences of `experienceSize` samples (shuffled within the experience from `seed` when
 * `shuffle`; the last, smaller one dropped with `dropLast`). Lazy and memoised: an origin experience is
 * split only when iteration reaches it. Boundary facts (first/last sub-experience, origin experience)
 * are exposed in `online` only when `accessTaskBoundaries` is true; otherwise a learner cannot see
 * where tasks change. The stream is named `<name>_online`.
 */
export function splitOnlineStream(stream: Stream, experienceSize: number, options: SplitOnlineStreamOptions = {}): MemoStream<OnlineExperience> {
  const size = parseWithSchema(z.number().int().positive(), experienceSize, 'splitOnlineStream.experienceSize');
  const opts = parseWithSchema(schema, options, 'splitOnlineStreamOptions');
  const name = `${stream.name}_online`;
  return lazyStream<OnlineExperience>(name, function* () {
    let index = 0;
    let origin = 0;
    for (const exp of stream) {
      const n = exp.dataset.length;
      const order = opts.shuffle ? new Rng(opts.seed * 1000003 + origin).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
      const count = opts.dropLast ? Math.floor(n / size) : Math.ceil(n / size);
      for (let k = 0; k < count; k++) {
        const dataset = exp.dataset.subset(order.subarray(k * size, Math.min(n, (k + 1) * size)));
        const base = makeExperience({ dataset, streamName: name, currentExperience: index++, benchmark: exp.benchmark });
        yield opts.accessTaskBoundaries
          ? { ...base, online: { isFirstSubexp: k === 0, isLastSubexp: k === count - 1, subExpSize: dataset.length, originExperience: exp } }
          : base;
      }
      origin++;
    }
  });
}
