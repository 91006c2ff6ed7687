import { z } from 'zod';
import { parseWithSchema, type Experience } from '@avalanche-ts/core';
import { BalancedExemplarsBuffer } from './balanced-exemplars-buffer.js';
import { ReservoirSamplingBuffer } from './reservoir-sampling-buffer.js';
import { sourceKeyOf, type StorageContext } from './storage-policy.js';

export const classBalancedBufferOptionsSchema = z
  .object({
    maxSize: z.number().int().nonnegative(),
    /** Share the capacity between the classes seen so far (default true). */
    adaptiveSize: z.boolean().default(true),
    /** With `adaptiveSize: false`, each class gets `maxSize // totalNumClasses`. */
    totalNumClasses: z.number().int().positive().optional(),
  })
  .strict()
  .refine((o) => o.adaptiveSize || o.totalNumClasses !== undefined, {
    message: 'totalNumClasses is required when adaptiveSize is false',
    path: ['totalNumClasses'],
  });
export type ClassBalancedBufferOptions = z.input<typeof classBalancedBufferOptionsSchema>;

/**
 * Avalanche's `ClassBalancedBuffer` (used by GDumb): one reservoir per class. When an experience
 * arrives, its samples are offered to their class's reservoir, and every class gets
 * `maxSize // nClassesSeen` places (remainder to the classes first seen, in ascending class order).
 * Samples of a class seen again (domain-incremental streams) compete with the stored ones by weight.
 */
export class ClassBalancedBuffer extends BalancedExemplarsBuffer<ReservoirSamplingBuffer> {
  readonly name = 'ClassBalancedBuffer';
  private readonly seenClasses = new Set<number>();

  constructor(options: ClassBalancedBufferOptions) {
    const o = parseWithSchema(classBalancedBufferOptionsSchema, options, 'ClassBalancedBuffer options');
    super(o.maxSize, o.adaptiveSize, o.totalNumClasses);
  }

  update(experience: Experience, context: StorageContext): void {
    const dataset = experience.dataset;
    const byClass = new Map<number, number[]>();
    const targets = dataset.targets;
    for (let i = 0; i < targets.length; i++) {
      const list = byClass.get(targets[i]);
      if (list) list.push(i);
      else byClass.set(targets[i], [i]);
    }
    for (const c of byClass.keys()) this.seenClasses.add(c);
    const seen = [...this.seenClasses].sort((a, b) => a - b);
    const lens = this.getGroupLengths(seen.length);
    const lenOf = new Map(seen.map((c, k) => [c, lens[k]]));
    const key = sourceKeyOf(experience);
    for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
      const ll = lenOf.get(c)!;
      const existing = this.groups.get(c);
      if (existing) {
        existing.updateFromDataset(dataset, key, context.rng, byClass.get(c)!);
        existing.resize(ll);
      } else {
        const group = new ReservoirSamplingBuffer(ll);
        group.updateFromDataset(dataset, key, context.rng, byClass.get(c)!);
        this.groups.set(c, group);
      }
    }
    for (const [c, g] of this.groups) g.resize(lenOf.get(c)!);
  }

  /** Classes seen so far, ascending. */
  get classes(): number[] {
    return [...this.seenClasses].sort((a, b) => a - b);
  }

  protected makeGroup(size: number): ReservoirSamplingBuffer {
    return new ReservoirSamplingBuffer(size);
  }

  protected override extraState(): Record<string, number[]> {
    return { seenClasses: this.classes };
  }

  protected override loadExtraState(extra: Record<string, unknown>): void {
    const classes = parseWithSchema(z.array(z.number().int()), extra.seenClasses, 'ClassBalancedBuffer state.extra.seenClasses');
    this.seenClasses.clear();
    for (const c of classes) this.seenClasses.add(c);
  }
}
