import type { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Parses `value` with a zod schema at a public boundary. On failure throws a ValidationError whose message
 * names each bad field (as a path inside `where`), the value received and what was expected.
 */
export function parseWithSchema<S extends z.ZodTypeAny>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
    const received = describeValue(readPath(value, issue.path));
    return `${path}: ${issue.message} (got ${received})`;
  });
  throw new ValidationError(`invalid ${where}:\n  ${lines.join('\n  ')}`, { cause: result.error });
}

function readPath(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) {
    return `an instance of ${(value as object).constructor?.name ?? 'an object'}`;
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
