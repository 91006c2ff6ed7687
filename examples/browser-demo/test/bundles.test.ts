// Every package's main entry bundles for the browser with Vite, without Node polyfills: no Node built-in is
// imported (unless a dependency's own `browser` field maps it away) and no require(), node: specifier or
// bare process / Buffer / __dirname is left in the project's code. The `./node` subpaths are exempt.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleReport } from '../scripts/check-bundles.js';

const demoRoot = join(__dirname, '..');
const packagesDir = join(demoRoot, '..', '..', 'packages');
/** Every package with a main entry, so a new package is checked without editing this test. */
const PACKAGES = readdirSync(packagesDir).filter((dir) => {
  const file = join(packagesDir, dir, 'package.json');
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { exports?: Record<string, unknown> }).exports?.['.'] !== undefined;
});

/** Runs the Vite check in its own process (Vite is ESM-only; jest runs CommonJS). */
function check(packages: readonly string[]): BundleReport[] {
  // The exit code says whether every package passed; the JSON on stdout says which did.
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/check-bundles.ts', '--json', ...packages], { cwd: demoRoot, encoding: 'utf8' });
  const last = run.stdout.trim().split('\n').pop();
  if (!last?.startsWith('[')) throw new Error(`check-bundles printed no report (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(last) as BundleReport[];
}

describe('browser bundles of the packages', () => {
  let reports: BundleReport[];

  it('finds the packages', () => {
    expect(PACKAGES).toEqual(expect.arrayContaining(['core', 'benchmarks', 'models', 'loggers', 'training', 'evaluation', 'cli']));
  });

  beforeAll(() => {
    // The `./node` subpath of benchmarks is included on purpose: it must fail, which shows the check bites.
    reports = check([...PACKAGES, 'benchmarks/node']);
  });

  it.each(PACKAGES)('@avalanche-ts/%s bundles for the browser without Node-only code', (pkg) => {
    const report = reports.find((r) => r.pkg === pkg);
    expect(report).toBeDefined();
    expect({ error: report?.error, nodeImports: report?.nodeImports, nodeCode: report?.nodeCode }).toEqual({ error: undefined, nodeImports: [], nodeCode: [] });
    expect(report?.bytes).toBeGreaterThan(1000);
  });

  it('catches Node-only code (the ./node subpath of benchmarks)', () => {
    const report = reports.find((r) => r.pkg === 'benchmarks/node');
    expect(report?.ok).toBe(false);
    expect(report?.nodeImports).toEqual(expect.arrayContaining([expect.stringMatching(/^node:fs \(from packages\/benchmarks\/dist\//)]));
  });
});
