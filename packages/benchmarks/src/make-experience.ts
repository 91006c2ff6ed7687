import { classesOf, taskLabelsOf, type BenchmarkInfo, type ClassificationDataset, type Experience } from '@avalanche-ts/core';
import type { ClassesTimeline } from './classes-timeline.js';

/** Fields of {@link makeExperience}. */
export interface MakeExperienceOptions<D extends ClassificationDataset> {
  readonly dataset: D;
  readonly streamName: string;
  readonly currentExperience: number;
  /** Class timeline; without it only `classesInThisExperience` is set (from the dataset's targets). */
  readonly timeline?: ClassesTimeline;
  readonly benchmark?: BenchmarkInfo;
}

/** An Experience over a dataset, with task labels and classes read from the dataset's arrays. */
export function makeExperience<D extends ClassificationDataset>(options: MakeExperienceOptions<D>): Experience<D> {
  const { dataset, timeline } = options;
  return {
    currentExperience: options.currentExperience,
    streamName: options.streamName,
    dataset,
    taskLabels: taskLabelsOf(dataset),
    classesInThisExperience: classesOf(dataset),
    ...(timeline
      ? { previousClasses: timeline.previousClasses, classesSeenSoFar: timeline.classesSeenSoFar, futureClasses: timeline.futureClasses }
      : {}),
    ...(options.benchmark ? { benchmark: options.benchmark } : {}),
  };
}
