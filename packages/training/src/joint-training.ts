import { StrategyError, type ClassificationDataset, type Experience, type MetricData } from '@avalanche-ts/core';
import { SupervisedTemplate, type TrainOptions } from './supervised-template.js';
import type { StrategyOptions } from './strategy-options.js';

/**
 * Avalanche's `JointTraining`: `train(stream)` trains once on the concatenation (an index view) of every
 * experience, after adapting the model to all of them; it is the offline upper bound. The single training
 * pass runs as one experience (the first one, carrying the joint data); a second `train()` throws.
 */
export class JointTrainingTemplate extends SupervisedTemplate {
  private experiences: Experience[] = [];
  private fitted = false;
  private joint = false;

  override async train(experiences: Experience | Iterable<Experience>, options: TrainOptions = {}): Promise<Record<string, MetricData>> {
    if (this.fitted) throw new StrategyError('JointTraining has already been trained; create a new strategy to train again (Avalanche raises AlreadyTrainedError)');
    const list = isIterableOfExperiences(experiences) ? [...experiences] : [experiences];
    if (list.length === 0) throw new StrategyError('JointTraining.train() needs at least one experience');
    this.experiences = list;
    this.joint = true;
    try {
      const metrics = await super.train(list[0], { evalStreams: options.evalStreams ?? list });
      this.fitted = true;
      return metrics;
    } finally {
      this.joint = false;
    }
  }

  protected override trainDatasetAdaptation(experience: Experience): ClassificationDataset {
    if (!this.joint) return super.trainDatasetAdaptation(experience);
    const [first, ...rest] = this.experiences.map((e) => e.dataset);
    return (rest.length > 0 ? first.concat(...rest) : first).train();
  }

  protected override modelAdaptation(experience: Experience): void {
    if (!this.joint || this.context.isTraining === false) return super.modelAdaptation(experience);
    for (const e of this.experiences) super.modelAdaptation(e);
  }
}

function isIterableOfExperiences(value: Experience | Iterable<Experience>): value is Iterable<Experience> {
  return typeof (value as Iterable<Experience>)[Symbol.iterator] === 'function' && !('dataset' in value);
}

/** Creates a {@link JointTrainingTemplate} (Avalanche's `JointTraining`). */
export function jointTraining(options: StrategyOptions): SupervisedTemplate {
  return new JointTrainingTemplate(options);
}
