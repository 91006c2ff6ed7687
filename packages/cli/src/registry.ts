import { z } from 'zod';
import { parseWithSchema, ValidationError } from '@avalanche-ts/core';

/**
 * One entry of a registry: a name, what it is, a zod schema for its options (with their defaults) and the
 * factory that builds the thing from parsed options plus what the experiment supplies (`C`).
 */
export interface RegistryEntry<T, C = unknown, S extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly name: string;
  readonly description: string;
  /** Options schema; `list` prints its fields and defaults, configs are parsed with it. */
  readonly options: S;
  create(options: z.infer<S>, context: C): T | Promise<T>;
}

/** Helper that keeps `create`'s options typed by the schema. */
export function registryEntry<T, C, S extends z.ZodTypeAny>(entry: RegistryEntry<T, C, S>): RegistryEntry<T, C, S> {
  return entry;
}

/**
 * An explicit name -> factory table (as TensorFlow.js joins kernels by name): nothing registers itself at
 * import time, a registry is built by a function and can be extended by the caller.
 */
export class Registry<T, C = unknown> {
  private readonly entries = new Map<string, RegistryEntry<T, C>>();

  /** `kind` names the thing in messages ("strategy", "benchmark", ...). */
  constructor(readonly kind: string, entries: ReadonlyArray<RegistryEntry<T, C, z.ZodTypeAny>> = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds an entry; a duplicate name is an error (replacing one silently would hide a mistake). */
  add<S extends z.ZodTypeAny>(entry: RegistryEntry<T, C, S>): this {
    if (this.entries.has(entry.name)) throw new ValidationError(`${this.kind} "${entry.name}" is already registered`);
    this.entries.set(entry.name, entry as unknown as RegistryEntry<T, C>);
    return this;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  list(): Array<RegistryEntry<T, C>> {
    return [...this.entries.values()];
  }

  /** The entry called `name`; throws naming the field, the value and every allowed name. */
  get(name: string, field = this.kind): RegistryEntry<T, C> {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      throw new ValidationError(`${field}: unknown ${this.kind} ${JSON.stringify(name)}; allowed: ${this.names().join(', ')}`);
    }
    return entry;
  }

  /** Validates `options` against the entry's schema (defaults filled in); errors name `field`. */
  parseOptions(name: string, options: unknown, field = `${this.kind}.options`): Record<string, unknown> {
    return parseWithSchema(this.get(name).options, options ?? {}, field) as Record<string, unknown>;
  }

  /** Parses the options and calls the factory. */
  async create(name: string, options: unknown, context: C, field?: string): Promise<T> {
    const parsed = this.parseOptions(name, options, field);
    return this.get(name).create(parsed, context);
  }
}
