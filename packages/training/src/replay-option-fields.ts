import { z } from 'zod';
import { ValidationError, type Experience } from '@avalanche-ts/core';
import type { DatasetResolver, StoragePolicy } from './storage-policy.js';

/** Duck-typed check for a {@link StoragePolicy}: an object with an `update` method and a numeric `maxSize`. */
function isStoragePolicy(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as StoragePolicy).update === 'function' && typeof (v as StoragePolicy).maxSize === 'number';
}

/**
 * Schema of a replay-family plugin's `storagePolicy` option; `example` names a policy the message
 * suggests (`'new ClassBalancedBuffer({ maxSize })'`).
 */
export function storagePolicySchema(example: string): z.ZodType<StoragePolicy> {
  return z.custom<StoragePolicy>(isStoragePolicy, { message: `expected a StoragePolicy (e.g. ${example})` });
}

/** Schema of the `sources` option shared by the replay-family plugins. */
export const sourcesSchema = z.custom<Iterable<Experience> | DatasetResolver>(
  (v) => typeof v === 'function' || (typeof v === 'object' && v !== null && Symbol.iterator in v),
  { message: 'expected a stream, an array of experiences or a function key => dataset' },
);

/**
 * Rejects a `memSize` the user gave together with a `storagePolicy` of another `maxSize`; `where` names
 * the options in the message (`'replay options'`).
 */
export function checkMemSize(where: string, storagePolicy: StoragePolicy | undefined, memSize: number | undefined): void {
  if (storagePolicy && memSize !== undefined && storagePolicy.maxSize !== memSize) {
    throw new ValidationError(`${where}: memSize ${memSize} differs from storagePolicy.maxSize ${storagePolicy.maxSize}`);
  }
}
