import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CheckpointError, type StateDict } from '@avalanche-ts/core';
import { checkpointToBytes, restoreFromBytes, type RestoredCheckpoint } from './checkpoint.js';
import type { SupervisedTemplate } from './supervised-template.js';

/**
 * Saves a strategy's checkpoint to `file` atomically: the bytes go to a temporary file in the same folder,
 * are flushed to disk, and the temporary file is renamed over `file`, so a crash (even SIGKILL) leaves
 * either the previous checkpoint or the new one, never a partial file. Returns the size in bytes.
 */
export async function saveCheckpoint(strategy: SupervisedTemplate, file: string, extra: StateDict = {}): Promise<number> {
  const bytes = await checkpointToBytes(strategy, extra);
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw new CheckpointError(`could not write checkpoint ${file}: ${(error as Error).message}`, { cause: error });
  }
  return bytes.byteLength;
}

/** Restores the checkpoint in `file` into `strategy` (see `restoreFromBytes`); throws a CheckpointError when it is missing or invalid. */
export async function loadCheckpoint(strategy: SupervisedTemplate, file: string): Promise<RestoredCheckpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new CheckpointError(`could not read checkpoint ${file}: ${(error as Error).message}`, { cause: error });
  }
  return restoreFromBytes(strategy, bytes, `checkpoint ${file}`);
}

/**
 * Avalanche's `maybe_load_checkpoint`: restores `file` when it exists and returns what it holds, or returns
 * undefined (start from scratch) when it does not. `for (const exp of stream.slice(restored?.expCounter ?? 0))`.
 */
export async function maybeLoadCheckpoint(strategy: SupervisedTemplate, file: string): Promise<RestoredCheckpoint | undefined> {
  try {
    await fs.access(file);
  } catch {
    return undefined;
  }
  return loadCheckpoint(strategy, file);
}
