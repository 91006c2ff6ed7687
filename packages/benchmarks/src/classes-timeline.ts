import { ListStream, classesOf, type Experience, type SizedStream, type Stream } from '@avalanche-ts/core';

/** The class timeline of one experience (Avalanche's `with_classes_timeline`), all ascending. */
export interface ClassesTimeline {
  readonly classesInThisExperience: readonly number[];
  /** Classes of earlier experiences of the stream. */
  readonly previousClasses: readonly number[];
  /** previousClasses plus classesInThisExperience. */
  readonly classesSeenSoFar: readonly number[];
  /** Classes of later experiences that were not seen so far. */
  readonly futureClasses: readonly number[];
}

/** The timeline of every experience of a stream, given the classes of each experience in stream order. */
export function classesTimeline(classesPerExperience: readonly (readonly number[])[]): ClassesTimeline[] {
  const out: ClassesTimeline[] = [];
  const seen = new Set<number>();
  for (let e = 0; e < classesPerExperience.length; e++) {
    const previous = sorted(seen);
    for (const c of classesPerExperience[e]) seen.add(c);
    const future = new Set<number>();
    for (let f = e + 1; f < classesPerExperience.length; f++) for (const c of classesPerExperience[f]) if (!seen.has(c)) future.add(c);
    out.push({
      classesInThisExperience: sorted(new Set(classesPerExperience[e])),
      previousClasses: previous,
      classesSeenSoFar: sorted(seen),
      futureClasses: sorted(future),
    });
  }
  return out;
}

/**
 * The stream with the class timeline filled in on every experience. Like Avalanche it materialises the
 * stream (the future classes need every experience), so use it on finite streams only.
 */
export function withClassesTimeline<E extends Experience>(stream: Stream<E>): SizedStream<E> {
  const experiences = [...stream];
  const timeline = classesTimeline(experiences.map((e) => classesOf(e.dataset)));
  return ListStream.fromArray(
    stream.name,
    experiences.map((e, i) => ({ ...e, ...timeline[i] })),
  );
}

function sorted(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}
