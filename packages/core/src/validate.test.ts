import { z } from 'zod';
import { parseWithSchema } from './validate.js';
import { ValidationError } from './errors.js';

describe('parseWithSchema', () => {
  const schema = z.object({ lr: z.number().positive(), epochs: z.number().int().default(1), name: z.string().optional() });

  it('returns parsed values with defaults', () => {
    expect(parseWithSchema(schema, { lr: 0.1 }, 'sgdOptions')).toEqual({ lr: 0.1, epochs: 1 });
  });

  it('names the field, the value and the rule', () => {
    let error: unknown;
    try {
      parseWithSchema(schema, { lr: -1, epochs: 1.5 }, 'sgdOptions');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/sgdOptions\.lr: .*greater than 0.* \(got -1\)/);
    expect(message).toMatch(/sgdOptions\.epochs: .*integer.* \(got 1\.5\)/);
  });
});
