import { describeOptions, type OptionDescription } from './describe-options.js';
import type { ExperimentRegistries } from './experiment-registries.js';
import type { Registry } from './registry.js';

/** The registry kinds `list` knows, as they appear in a config file. */
export const LIST_KINDS = ['benchmarks', 'models', 'strategies', 'optimizers', 'metrics', 'loggers'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** One registry's entries and their options, the data `list --json` prints. */
export interface ListedEntry {
  readonly name: string;
  readonly description: string;
  readonly options: OptionDescription[];
}

/** Every entry of the chosen registries with its options and defaults. */
export function listRegistries(registries: ExperimentRegistries, kinds: readonly ListKind[] = LIST_KINDS): Record<string, ListedEntry[]> {
  const out: Record<string, ListedEntry[]> = {};
  for (const kind of kinds) {
    const registry = registries[kind] as Registry<unknown, never>;
    out[kind] = registry.list().map((e) => ({ name: e.name, description: e.description, options: describeOptions(e.options) }));
  }
  return out;
}

/** The listing as text: one block per kind, one entry per paragraph, one option per line. */
export function formatListing(listing: Record<string, ListedEntry[]>): string {
  const lines: string[] = [];
  for (const [kind, entries] of Object.entries(listing)) {
    lines.push(`${kind.toUpperCase()} (${entries.length})`);
    for (const entry of entries) {
      lines.push(`  ${entry.name}  ${entry.description}`);
      const left = entry.options.map((o) => `${o.name}: ${o.type}`);
      const width = Math.max(0, ...left.map((l) => l.length));
      entry.options.forEach((o, i) => {
        const def = o.default !== undefined ? `default ${o.default}` : o.required ? 'required' : 'optional';
        lines.push(`      ${left[i].padEnd(width)}  ${def}${o.description ? `  ${o.description}` : ''}`);
      });
    }
    lines.push('');
  }
  return lines.join('\n');
}
