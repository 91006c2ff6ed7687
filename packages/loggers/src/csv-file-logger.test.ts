import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@avalanche-ts/core';
import { csvFileLogger } from './csv-file-logger.js';
import { driveLogger, fakeRun } from './fake-run.fixture.js';

describe('csvFileLogger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loggers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('csvFileLogger writes both files with Avalanche’s names and rows', async () => {
    const logger = csvFileLogger({ logFolder: join(dir, 'csvlogs') });
    await driveLogger(logger, fakeRun());
    logger.close();
    logger.logMetrics([]); // after close: nothing to write, no throw
    expect(readFileSync(join(dir, 'csvlogs', 'training_results.csv'), 'utf8').split('\n')).toHaveLength(6);
    expect(readFileSync(join(dir, 'csvlogs', 'eval_results.csv'), 'utf8')).toBe(
      'eval_exp,training_exp,eval_accuracy,eval_loss,forgetting\n0,0,0.9000,0.3000,0.0000\n1,0,0.0000,2.5000,0\n0,1,0.6000,1.1000,0.3000\n1,1,0.9500,0.2000,0.0000\n',
    );
  });

  it('validates options', () => {
    expect(() => csvFileLogger({ logFolder: '' })).toThrow(ValidationError);
  });
});
