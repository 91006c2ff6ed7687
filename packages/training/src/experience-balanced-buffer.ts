import { z } from 'zod';
import { parseWithSchema, type Experience } from '@avalanche-ts/core';
import { BalancedExemplarsBuffer } from './balanced-exemplars-buffer.js';
import { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';
import { sourceKeyOf, type StorageContext } from './storage-policy.js';

export const experienceBalancedBufferOptionsSchema = z
  .object({
    maxSize: z.number().int().nonnegative(),
    /** Share the capacity between the experiences seen so far (default true). */
    adaptiveSize: z.boolean().default(true),
    /** With `adaptiveSize: false`, each experience gets `maxSize // numExperiences`. */
    numExperiences: z.number().int().positive().optional(),
  })
  .strict()
  .refine((o) => o.adaptiveSize || o.numExperiences !== undefined, {
    message: 'numExperiences is required when adaptiveSize is false',
    path: ['numExperiences'],
  });
export type ExperienceBalancedBufferOptions = z.input<typeof experienceBalancedBufferOptionsSchema>;

/**
 * Avalanche's `ExperienceBalancedBuffer`, the default memory of Replay: one reservoir per experience,
 * each with `maxSize // nExperiencesSeen` places (the remainder to the first experiences). A new
 * experience fills its own reservoir; the older ones shrink by dropping their lowest-weight samples.
 */
export class ExperienceBalancedBuffer extends BalancedExemplarsBuffer<ReservoirSamplingBuffer> {
  readonly name = 'ExperienceBalancedBuffer';
  private numExps = 0;

  constructor(options: ExperienceBalancedBufferOptions) {
    const o = parseWithSchema(experienceBalancedBufferOptionsSchema, options, 'ExperienceBalancedBuffer options');
    super(o.maxSize, o.adaptiveSize, o.numExperiences);
  }

  update(experience: Experience, context: StorageContext): void {
    this.numExps += 1;
    const lens = this.getGroupLengths(this.numExps);
    const group = new ReservoirSamplingBuffer(lens[lens.length - 1]);
    group.updateFromDataset(experience.dataset, sourceKeyOf(experience), context.rng);
    this.groups.set(this.numExps - 1, group);
    let k = 0;
    for (const g of this.groups.values()) g.resize(lens[k++], context);
  }

  protected makeGroup(size: number): ReservoirSamplingBuffer {
    return new ReservoirSamplingBuffer(size);
  }

  protected override extraState(): Record<string, number> {
    return { numExps: this.numExps };
  }

  protected override loadExtraState(extra: Record<string, unknown>): void {
    this.numExps = parseWithSchema(z.number().int().nonnegative(), extra.numExps, 'ExperienceBalancedBuffer state.extra.numExps');
  }
}
