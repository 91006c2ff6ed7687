import { createRequire } from 'node:module';
import { mkdirSync, existsSync, writeFileSync, renameSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { BackendReport } from '@avalanche-ts/core';
import type { ExperimentConfig } from './experiment-config.js';

/** Packages whose versions a run records (the library and the TensorFlow.js it ran on). */
export const RECORDED_PACKAGES = [
  '@avalanche-ts/cli',
  '@avalanche-ts/core',
  '@avalanche-ts/benchmarks',
  '@avalanche-ts/models',
  '@avalanche-ts/training',
  '@avalanche-ts/evaluation',
  '@avalanche-ts/loggers',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
] as const;

/** What `run.json` holds: enough, with `config.json`, to rerun and get the same numbers. */
export interface RunManifest {
  readonly name: string;
  /** The command line that started the run. */
  readonly command: readonly string[];
  readonly configFile?: string;
  readonly seeds: readonly number[];
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly wallSeconds?: number;
  /** Version of each package in RECORDED_PACKAGES ("not installed" where absent). */
  readonly packages: Readonly<Record<string, string>>;
  readonly backend: BackendReport | { readonly active: string; readonly reason: string };
  readonly runtime: { readonly node: string; readonly platform: string; readonly arch: string };
  /** How to reproduce the run. */
  readonly rerun: string;
}

/**
 * Creates `<output>/<yyyymmdd-hhmmss>-<name>` (a `-2`, `-3` suffix when it exists), so runs never overwrite
 * each other. Returns its absolute path.
 */
export function createRunFolder(output: string, name: string, now = new Date(), cwd = process.cwd()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'experiment';
  const base = resolve(cwd, output, `${stamp}-${safe}`);
  let folder = base;
  for (let i = 2; existsSync(folder); i++) folder = `${base}-${i}`;
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** A path as the user should see it: relative to `cwd` when inside it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? resolve(path) : rel;
}

/** Writes a file atomically (temp file + rename), creating its folder; a crash never leaves half a file. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** Writes the resolved config as `config.json` in the run folder. */
export function writeResolvedConfig(runDir: string, config: ExperimentConfig): string {
  const path = join(runDir, 'config.json');
  writeJson(path, config);
  return path;
}

/**
 * Versions of the recorded packages, read from their package.json through `resolvePackageJson` (a
 * `require.resolve` from the CLI's own location, so it sees the copies the CLI actually loads).
 */
export function packageVersions(resolvePackageJson: (specifier: string) => string): Record<string, string> {
  // The wasm backend is core's dependency, not the CLI's: resolve it from core's folder.
  const resolvers = [resolvePackageJson];
  try {
    resolvers.push(createRequire(resolvePackageJson('@avalanche-ts/core/package.json')).resolve);
  } catch {
    // core missing: its version reads "not installed" below.
  }
  const versions: Record<string, string> = {};
  for (const name of RECORDED_PACKAGES) {
    versions[name] = 'not installed';
    for (const resolver of resolvers) {
      try {
        const pkg = JSON.parse(readFileSync(resolver(`${name}/package.json`), 'utf8')) as { version?: string };
        versions[name] = pkg.version ?? 'unknown';
        break;
      } catch {
        // try the next location
      }
    }
  }
  return versions;
}

/** The Node runtime a run used. */
export function runtimeInfo(): RunManifest['runtime'] {
  return { node: process.version, platform: process.platform, arch: process.arch };
}
