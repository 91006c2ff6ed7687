// Child process of the SIGKILL test: trains the checkpoint run, saving a checkpoint after every experience
// and printing "saved <n>" once it is on disk. The parent kills it mid-run.
import { initBackend } from '@avalanche-ts/core';
import { saveCheckpoint } from '../checkpoint-file.js';
import { continueRun, makeCheckpointRun } from './checkpoint-run.js';

const file = process.argv[2];
await initBackend({ backend: 'cpu' });
const run = makeCheckpointRun();
await continueRun(run, 0, async (done) => {
  await saveCheckpoint(run.strategy, file, { nextExperience: done });
  process.stdout.write(`saved ${done}\n`);
});
process.stdout.write('finished\n');
