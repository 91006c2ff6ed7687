import { ValidationError } from '@avalanche-ts/core';
import { CsvLogger } from './csv-logger.js';
import { functionSchema } from './function-schema.js';
import { InteractiveLogger } from './interactive-logger.js';
import { JsonLinesLogger } from './json-lines-logger.js';
import { lineProgress } from './line-progress.js';
import { TensorBoardLogger } from './tensorboard-logger.js';
import { TextLogger } from './text-logger.js';

describe('functionSchema', () => {
  it('accepts a function unchanged and rejects anything else', () => {
    const f = () => 1;
    expect(functionSchema<() => number>().parse(f)).toBe(f);
    expect(functionSchema().safeParse('f').success).toBe(false);
  });

  it('guards every logger’s options, naming the field and the value', () => {
    expect(() => new TextLogger({ write: 'stdout' } as never)).toThrow(/TextLogger options.write: Expected a function \(got "stdout"\)/);
    expect(() => new InteractiveLogger({ progress: 3 } as never)).toThrow(/InteractiveLogger options.progress/);
    expect(() => new CsvLogger({} as never)).toThrow(ValidationError);
    expect(() => new JsonLinesLogger({ write: () => {}, clock: 1 } as never)).toThrow(/Unrecognized key/);
    expect(() => new TensorBoardLogger({ write: () => {}, histogramBuckets: 1.5 })).toThrow(/histogramBuckets/);
    expect(() => lineProgress({ intervalMs: -1 })).toThrow(/lineProgress options.intervalMs/);
  });
});
