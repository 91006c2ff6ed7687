// Bundles the main entry of every @avalanche-ts package for the browser with Vite (no Node polyfills) and
// reports, per package, whether the build succeeded and which Node-only imports or globals it needed.
// Usage: tsx scripts/check-bundles.ts [--json] [package ...]   (exit code 1 when a package is not browser-safe)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rollup } from 'vite';


export interface BundleReport {
  readonly pkg: string;
  readonly ok: boolean;
  /** Node built-ins the entry reached, with the module that imported each. */
  readonly nodeImports: readonly string[];
  /** Node-only code left in the output (require calls, node: specifiers, bare process/Buffer/__dirname). */
  readonly nodeCode: readonly string[];
  readonly error?: string;
  readonly bytes: number;
  readonly ms: number;
}

const demoRoot = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = join(demoRoot, '..', '..', 'packages');

/** Every workspace package with a main entry (`exports["."]`), by folder name. */
export function workspacePackages(): string[] {
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, 'package.json')))
    .filter((dir) => (JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> }).exports?.['.'] !== undefined)
    .sort();
}
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const ENTRY = 'virtual:bundle-entry';

/** Patterns of Node-only code in bundled output (guarded `globalThis.process?.` reads do not match). */
const NODE_CODE: ReadonlyArray<[string, RegExp]> = [
  ['require()', /(?<![.\w$])require\s*\(\s*["'`]/],
  ['node: specifier', /["'`]node:[a-z_/]+["'`]/],
  ['process global', /(?<![.\w$'"`])process\s*\.\s*(env|argv|cwd|versions|platform|memoryUsage|cpuUsage|hrtime|stdout|stderr|exit|on)\b/],
  ['Buffer global', /(?<![.\w$'"`])Buffer\s*\.\s*(from|alloc|concat|isBuffer)\b/],
  ['__dirname', /(?<![.\w$'"`])__(dirname|filename)\b/],
];

/** True when the package that holds `file` maps `builtin` to false in its package.json `browser` field. */
function browserFieldDisables(file: string, builtin: string): boolean {
  let dir = dirname(file);
  while (dir !== dirname(dir) && !existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  try {
    const browser = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { browser?: unknown }).browser;
    return typeof browser === 'object' && browser !== null && (browser as Record<string, unknown>)[builtin] === false;
  } catch {
    return false;
  }
}

/** Bundles `@avalanche-ts/<pkg>` (TensorFlow.js left external: it is browser-safe and large). */
export async function checkBundle(pkg: string): Promise<BundleReport> {
  const nodeImports: string[] = [];
  const started = performance.now();
  const guard: Plugin = {
    name: 'node-builtin-guard',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === ENTRY) return `\0${ENTRY}`;
      if (builtins.has(source)) {
        // A dependency whose package.json `browser` field maps the built-in to false is browser-safe by
        // its own declaration (Vite then resolves it to a bare empty module); anything else is not.
        if (importer && browserFieldDisables(importer, source)) return this.resolve(source, importer, { skipSelf: true });
        nodeImports.push(`${source} (from ${importer ? importer.replace(/^.*\/packages\//, 'packages/') : '?'})`);
        return { id: source, external: true };
      }
      return null;
    },
    load(id) {
      // Every export is used, so tree shaking keeps the whole public surface of the entry.
      if (id === `\0${ENTRY}`) return `import * as entry from '@avalanche-ts/${pkg}';\nglobalThis.__entry = entry;\n`;
      return null;
    },
  };
  let output: Rollup.RollupOutput | undefined;
  let error: string | undefined;
  try {
    const result = await build({
      configFile: false,
      root: demoRoot,
      logLevel: 'silent',
      plugins: [guard],
      build: {
        write: false,
        minify: false,
        reportCompressedSize: false,
        rollupOptions: { input: ENTRY, external: [/^@tensorflow\//], onwarn: () => {} },
      },
    });
    output = (Array.isArray(result) ? result[0] : result) as Rollup.RollupOutput;
  } catch (e) {
    error = (e as Error).message.split('\n')[0];
  }
  const nodeCode: string[] = [];
  let bytes = 0;
  for (const chunk of output?.output ?? []) {
    if (chunk.type !== 'chunk') continue;
    bytes += chunk.code.length;
    // Only the project's own modules are scanned: dependencies guard their Node paths in their own ways.
    for (const [id, mod] of Object.entries(chunk.modules)) {
      if (!id.includes('/packages/') || id.includes('/node_modules/') || !mod.code) continue;
      for (const [what, re] of NODE_CODE) {
        const m = re.exec(mod.code);
        if (m) nodeCode.push(`${what} in ${id.replace(/^.*\/packages\//, 'packages/')}: ...${mod.code.slice(Math.max(0, m.index - 50), m.index + 40).replace(/\s+/g, ' ')}...`);
      }
    }
  }
  const ok = error === undefined && nodeImports.length === 0 && nodeCode.length === 0;
  return { pkg, ok, nodeImports: [...new Set(nodeImports)], nodeCode, error, bytes, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const reports: BundleReport[] = [];
  for (const pkg of wanted.length > 0 ? wanted : workspacePackages()) reports.push(await checkBundle(pkg));
  if (json) console.log(JSON.stringify(reports));
  else {
    for (const r of reports) {
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} @avalanche-ts/${r.pkg}: ${(r.bytes / 1024).toFixed(0)} KiB in ${r.ms} ms`);
      for (const line of [...(r.error ? [r.error] : []), ...r.nodeImports, ...r.nodeCode]) console.log(`       ${line}`);
    }
  }
  process.exitCode = reports.every((r) => r.ok) ? 0 : 1;
}
