import { z } from 'zod';
import { BACKEND_CANDIDATES, parseWithSchema } from '@avalanche-ts/core';

/** A component chosen by name from a registry, with its options (defaults filled in once resolved). */
export interface ComponentSpec {
  readonly name: string;
  readonly options: Record<string, unknown>;
}

/** A strategy to run; `label` tells two runs of one strategy apart in tables (default: its name). */
export interface StrategySpec extends ComponentSpec {
  readonly label: string;
}

/**
 * A resolved experiment: every default filled in, every name checked against its registry. Written to the
 * run folder as `config.json`; running that file again reproduces the run.
 */
export interface ExperimentConfig {
  readonly name: string;
  readonly description?: string;
  readonly benchmark: ComponentSpec;
  readonly model: ComponentSpec;
  readonly strategies: readonly StrategySpec[];
  readonly optimizer: ComponentSpec;
  readonly trainEpochs: number;
  readonly trainMbSize: number;
  readonly evalMbSize: number;
  /** Avalanche's eval_every: -1 none, 0 after each experience, k every k epochs. */
  readonly evalEvery: number;
  readonly seeds: readonly number[];
  readonly metrics: readonly ComponentSpec[];
  readonly loggers: readonly ComponentSpec[];
  /** Folder that receives one run folder per invocation. */
  readonly output: string;
  readonly backend: 'auto' | (typeof BACKEND_CANDIDATES)[number];
}

/** What the config schema reads from a registry: its kind, names and option schemas (any `Registry` fits). */
export interface RegistryView {
  readonly kind: string;
  names(): string[];
  list(): ReadonlyArray<{ readonly name: string; readonly options: z.ZodTypeAny }>;
}

/** The registries a config's names are checked against (`ExperimentRegistries` fits). */
export interface ConfigRegistries {
  readonly benchmarks: RegistryView;
  readonly models: RegistryView;
  readonly strategies: RegistryView;
  readonly optimizers: RegistryView;
  readonly metrics: RegistryView;
  readonly loggers: RegistryView;
}

/** Defaults of the experiment-level fields, shown by `list` and `run --help`. */
export const EXPERIMENT_DEFAULTS = {
  optimizer: { name: 'sgd', options: { lr: 0.01, momentum: 0.9 } },
  trainEpochs: 1,
  trainMbSize: 32,
  evalMbSize: 128,
  evalEvery: -1,
  seeds: [0],
  metrics: [{ name: 'accuracy' }, { name: 'loss' }, { name: 'forgetting' }],
  loggers: [{ name: 'interactive' }],
  output: 'runs',
  backend: 'auto',
} as const;

const TOP_LEVEL_KEYS = [
  'name',
  'description',
  'benchmark',
  'model',
  'strategy',
  'strategies',
  'optimizer',
  'trainEpochs',
  'trainMbSize',
  'evalMbSize',
  'evalEvery',
  'seeds',
  'metrics',
  'loggers',
  'output',
  'backend',
];

/**
 * One zod schema for the whole experiment, built from the registries so that every component name is
 * checked (an unknown name lists the allowed ones) and every component's options are validated by the
 * schema of the chosen entry. A component may be written as a bare name (`strategy: naive`).
 */
export function experimentConfigSchema(registries: ConfigRegistries) {
  const strategy = component(registries.strategies, true);
  return z
    .object(
      {
        name: z.string().min(1).default('experiment'),
        description: z.string().optional(),
        benchmark: component(registries.benchmarks),
        model: component(registries.models),
        strategy: strategy.optional(),
        strategies: z.array(strategy).min(1).optional(),
        optimizer: component(registries.optimizers).default(EXPERIMENT_DEFAULTS.optimizer),
        trainEpochs: z.number().int().min(1).default(EXPERIMENT_DEFAULTS.trainEpochs),
        trainMbSize: z.number().int().min(1).default(EXPERIMENT_DEFAULTS.trainMbSize),
        evalMbSize: z.number().int().min(1).default(EXPERIMENT_DEFAULTS.evalMbSize),
        evalEvery: z.number().int().min(-1).default(EXPERIMENT_DEFAULTS.evalEvery),
        seeds: z.array(z.number().int().min(0).max(0xffffffff)).min(1).default([...EXPERIMENT_DEFAULTS.seeds]),
        metrics: z.array(component(registries.metrics)).default(EXPERIMENT_DEFAULTS.metrics.map((m) => ({ ...m }))),
        loggers: z.array(component(registries.loggers)).default(EXPERIMENT_DEFAULTS.loggers.map((l) => ({ ...l }))),
        output: z.string().min(1).default(EXPERIMENT_DEFAULTS.output),
        backend: z.enum(['auto', ...BACKEND_CANDIDATES]).default(EXPERIMENT_DEFAULTS.backend),
      },
      { errorMap: unknownKeysMessage(TOP_LEVEL_KEYS) },
    )
    .strict()
    .superRefine((config, ctx) => {
      if (config.strategy === undefined && config.strategies === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['strategy'], message: `missing; give "strategy" or "strategies" (allowed names: ${registries.strategies.names().join(', ')})` });
      }
      if (config.strategy !== undefined && config.strategies !== undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['strategies'], message: 'give either "strategy" or "strategies", not both' });
      }
      const labels = (config.strategies ?? []).map((s) => s.label ?? s.name);
      labels.forEach((label, i) => {
        if (labels.indexOf(label) !== i) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['strategies', i, 'label'], message: `label "${label}" is used twice; give each strategy a distinct label` });
        }
      });
      config.seeds.forEach((seed, i) => {
        if (config.seeds.indexOf(seed) !== i) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['seeds', i], message: `seed ${seed} is listed twice` });
      });
    });
}

/** Parses and resolves a config object (from a file or code); throws a ValidationError naming field, value and what is allowed. */
export function resolveExperimentConfig(value: unknown, registries: ConfigRegistries, where = 'config'): ExperimentConfig {
  const parsed = parseWithSchema(experimentConfigSchema(registries), expandShorthands(value), where);
  const strategies = (parsed.strategies ?? [parsed.strategy!]).map((s: { name: string; options: Record<string, unknown>; label?: string }) => ({
    name: s.name,
    label: s.label ?? s.name,
    options: s.options,
  }));
  const { strategy: _strategy, ...rest } = parsed;
  return { ...rest, strategies } as ExperimentConfig;
}

/** Turns bare component names into `{ name }` first, so error messages can show the value at its path. */
function expandShorthands(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of ['benchmark', 'model', 'strategy', 'optimizer']) if (typeof out[key] === 'string') out[key] = { name: out[key] };
  for (const key of ['strategies', 'metrics', 'loggers']) {
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((v) => (typeof v === 'string' ? { name: v } : v));
  }
  return out;
}

function component(registry: RegistryView, withLabel = false): z.ZodType<{ name: string; label?: string; options: Record<string, unknown> }, z.ZodTypeDef, unknown> {
  const variants = registry.list().map((entry) => {
    const shape: z.ZodRawShape = { name: z.literal(entry.name), options: entry.options.default({}) };
    if (withLabel) shape.label = z.string().min(1).optional();
    return z.object(shape, { errorMap: unknownKeysMessage(Object.keys(shape)) }).strict();
  });
  const names = registry.names();
  // A bare string is shorthand for { name }.
  const toObject = (v: unknown) => (typeof v === 'string' ? { name: v } : v);
  if (variants.length === 0) {
    return z.preprocess(toObject, z.never({ errorMap: () => ({ message: `no ${registry.kind} is registered` }) })) as never;
  }
  const union =
    variants.length === 1
      ? variants[0]
      : z.discriminatedUnion('name', variants as unknown as [z.ZodDiscriminatedUnionOption<'name'>, ...z.ZodDiscriminatedUnionOption<'name'>[]], {
          errorMap: (issue, ctx) =>
            issue.code === 'invalid_union_discriminator'
              ? { message: `unknown ${registry.kind} ${JSON.stringify((ctx.data as { name?: unknown } | undefined)?.name)}; allowed: ${names.join(', ')}` }
              : { message: ctx.defaultError },
        });
  return z.preprocess(toObject, union) as never;
}

function unknownKeysMessage(allowed: readonly string[]): z.ZodErrorMap {
  return (issue, ctx) =>
    issue.code === 'unrecognized_keys'
      ? { message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${allowed.join(', ')}` }
      : { message: ctx.defaultError };
}
