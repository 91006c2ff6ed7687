import type { ClassificationDataset } from './classification-dataset.js';
import { AvalancheError } from './avalanche-error.js';

/** Facts about the whole benchmark an experience belongs to (iCaRL and class-incremental metrics need them). */
export interface BenchmarkInfo {
  readonly name: string;
  readonly nClasses: number;
  /** Classes in the order experiences introduce them. */
  readonly classesOrder: readonly number[];
  /** Number of classes of each experience of the train stream. */
  readonly nClassesPerExp: readonly number[];
}

/** Boundary facts of an online sub-experience; present only when the stream exposes task boundaries. */
export interface OnlineBoundaryInfo {
  readonly isFirstSubexp: boolean;
  readonly isLastSubexp: boolean;
  readonly subExpSize: number;
  /** The experience this sub-experience was cut from. */
  readonly originExperience: Experience;
}

/**
 * One step of a stream: a dataset plus what is known about it when it arrives. Class timeline fields
 * are undefined where a lazy or online stream cannot know them.
 */
export interface Experience<D extends ClassificationDataset = ClassificationDataset> {
  /** Index of this experience in its original stream (kept by slices). */
  readonly currentExperience: number;
  /** Name of the stream this experience comes from, e.g. 'train' or 'test'. */
  readonly streamName: string;
  readonly dataset: D;
  /** Distinct task labels of the dataset, ascending. */
  readonly taskLabels: readonly number[];
  /** Classes present in this experience, ascending. */
  readonly classesInThisExperience: readonly number[];
  /** Classes of earlier experiences of the same stream. */
  readonly previousClasses?: readonly number[];
  /** previousClasses plus classesInThisExperience. */
  readonly classesSeenSoFar?: readonly number[];
  /** Classes of later experiences not seen so far. */
  readonly futureClasses?: readonly number[];
  readonly benchmark?: BenchmarkInfo;
  /** Only in online streams that expose boundaries (`accessTaskBoundaries`). */
  readonly online?: OnlineBoundaryInfo;
}

/** The single task label of an experience; throws when it has several (as Avalanche's `task_label`). */
export function taskLabelOf(experience: Experience): number {
  if (experience.taskLabels.length !== 1) {
    throw new AvalancheError(
      `experience ${experience.currentExperience} of stream "${experience.streamName}" has task labels [${experience.taskLabels.join(', ')}]; taskLabelOf needs exactly one`,
    );
  }
  return experience.taskLabels[0];
}
