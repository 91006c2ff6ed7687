const AVALANCHE_ERROR = Symbol.for('avalanche-ts.error');

export interface AvalancheErrorOptions {
  cause?: unknown;
}

/**
 * Base class of every error the library throws. Its `name` is stable (safe to match on), and
 * `AvalancheError.isInstance()` works across two copies of `@avalanche-ts/core` in one app, where
 * `instanceof` would fail (independently versioned packages may each bring their own core).
 */
export class AvalancheError extends Error {
  override name = 'AvalancheError';
  readonly [AVALANCHE_ERROR] = true;

  constructor(message: string, options: AvalancheErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }

  /** True for any avalanche-ts error, from any copy of core; narrows to the class it is called on by name. */
  static isInstance(value: unknown): value is AvalancheError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[AVALANCHE_ERROR] === true &&
      (this === AvalancheError || (value as Error).name === this.prototype.name || isSubclassName(value, this))
    );
  }
}

// Subclasses set `name` as an instance field, so compare against a fresh instance's name lazily.
const namesByClass = new WeakMap<object, string>();
function isSubclassName(value: unknown, cls: unknown): boolean {
  let name = namesByClass.get(cls as object);
  if (name === undefined) {
    try {
      name = new (cls as new (m: string) => Error)('').name;
    } catch {
      return false;
    }
    namesByClass.set(cls as object, name);
  }
  return (value as Error).name === name;
}
