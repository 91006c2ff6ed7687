import { z } from 'zod';

/** One option of a registry entry, as `list` shows it. */
export interface OptionDescription {
  readonly name: string;
  /** A short type, e.g. `number > 0`, `integer`, `"separate" | "online"`, `number[]`. */
  readonly type: string;
  /** The default as JSON, or undefined when the option is required or has no default. */
  readonly default?: string;
  readonly required: boolean;
  readonly description?: string;
}

/**
 * A strict options object: unknown keys are errors that list the allowed ones (a misspelled `memsize`
 * would otherwise be dropped silently and the default used).
 */
export function strictOptions<Shape extends z.ZodRawShape>(shape: Shape) {
  const allowed = Object.keys(shape);
  return z
    .object(shape, {
      errorMap: (issue, ctx) =>
        issue.code === 'unrecognized_keys'
          ? {
              message: `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${allowed.length > 0 ? allowed.join(', ') : '(none)'}`,
            }
          : { message: ctx.defaultError },
    })
    .strict();
}

/** The fields of an options schema with their types and defaults, for `list` and `--help`. */
export function describeOptions(schema: z.ZodTypeAny): OptionDescription[] {
  const object = unwrapObject(schema);
  if (object === undefined) return [];
  return Object.entries(object.shape as z.ZodRawShape).map(([name, field]) => describeField(name, field));
}

function unwrapObject(schema: z.ZodTypeAny): z.ZodObject<z.ZodRawShape> | undefined {
  let current: z.ZodTypeAny = schema;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodObject) return current;
    if (current instanceof z.ZodEffects) current = current.innerType();
    else if (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current._def.innerType;
    else return undefined;
  }
  return undefined;
}

function describeField(name: string, field: z.ZodTypeAny): OptionDescription {
  let current = field;
  let required = true;
  let defaultValue: string | undefined;
  let description = field.description;
  for (let i = 0; i < 10; i++) {
    description ??= current.description;
    if (current instanceof z.ZodDefault) {
      required = false;
      defaultValue = JSON.stringify(current._def.defaultValue());
      current = current._def.innerType;
    } else if (current instanceof z.ZodOptional) {
      required = false;
      current = current._def.innerType;
    } else if (current instanceof z.ZodEffects) {
      current = current.innerType();
    } else break;
  }
  description ??= current.description;
  return { name, type: typeName(current), default: defaultValue, required, description };
}

/** A compact human-readable type for a zod schema. */
export function typeName(schema: z.ZodTypeAny): string {
  if (schema instanceof z.ZodNumber) {
    const parts: string[] = [schema.isInt ? 'integer' : 'number'];
    for (const check of schema._def.checks) {
      if (check.kind === 'min') parts.push(`${check.inclusive ? '>=' : '>'} ${check.value}`);
      if (check.kind === 'max') parts.push(`${check.inclusive ? '<=' : '<'} ${check.value}`);
    }
    return parts.join(' ');
  }
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodEnum) return (schema.options as string[]).map((o) => JSON.stringify(o)).join(' | ');
  if (schema instanceof z.ZodLiteral) return JSON.stringify(schema.value);
  if (schema instanceof z.ZodArray) return `${wrapUnion(typeName(schema.element))}[]`;
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodTypeAny[]).map(typeName).join(' | ');
  if (schema instanceof z.ZodTuple) return `[${(schema.items as z.ZodTypeAny[]).map(typeName).join(', ')}]`;
  if (schema instanceof z.ZodNullable) return `${typeName(schema._def.innerType)} | null`;
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) {
    return typeName(schema._def.innerType);
  }
  if (schema instanceof z.ZodEffects) return typeName(schema.innerType());
  if (schema instanceof z.ZodObject) return 'object';
  if (schema instanceof z.ZodRecord) return 'record';
  return 'any';
}

function wrapUnion(text: string): string {
  return text.includes(' ') ? `(${text})` : text;
}

/**
 * The fields `descriptions` names, taken from a library schema's shape (same validation and defaults) with
 * a `.describe()` each, in the order of `descriptions`. Fields it leaves out (a storage policy, a criterion,
 * checkpoint `sources`) are objects a config file cannot hold.
 */
export function describedFields<S extends z.ZodRawShape, K extends keyof S & string>(shape: S, descriptions: Readonly<Record<K, string>>): Pick<S, K> {
  const out: Partial<Pick<S, K>> = {};
  for (const key of Object.keys(descriptions) as K[]) out[key] = shape[key].describe(descriptions[key]) as S[K];
  return out as Pick<S, K>;
}
