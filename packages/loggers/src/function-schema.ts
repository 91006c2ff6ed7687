import { z } from 'zod';

/**
 * A zod schema accepting any function and returning it unchanged (`z.function()` would wrap it in a
 * validating proxy that runs on every call, too slow for per-value callbacks).
 */
export function functionSchema<F extends (...args: never[]) => unknown>(): z.ZodType<F, z.ZodTypeDef, F> {
  return z.custom<F>((value) => typeof value === 'function', { message: 'Expected a function' });
}
