import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { ReportScripts } from './render-report-html.js';
import type { VegaLiteSpec } from './report-charts.js';

interface VegaApi {
  View: new (runtime: unknown, options: { renderer: string }) => { toSVG(): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
}
interface VegaLiteApi {
  compile(spec: unknown): { spec: unknown };
}

const require = createRequire(import.meta.url);
let scripts: ReportScripts | undefined;
let libraries: { vega: VegaApi; vegaLite: VegaLiteApi } | undefined;

/** The minified UMD builds of vega and vega-lite from node_modules, for inlining into the HTML report. */
export function vegaScripts(): ReportScripts {
  if (scripts === undefined) {
    // The packages export only their ES modules; their UMD builds sit next to them in build/.
    const vegaDir = dirname(require.resolve('vega'));
    const vegaLiteDir = dirname(require.resolve('vega-lite'));
    scripts = {
      vega: readFileSync(join(vegaDir, 'vega.min.js'), 'utf8'),
      vegaLite: readFileSync(join(vegaLiteDir, 'vega-lite.min.js'), 'utf8'),
    };
  }
  return scripts;
}

/**
 * Evaluates the same UMD builds the report inlines, through their CommonJS branch: one code path in Node
 * ESM, CommonJS and jest, and charts in PNG identical to those in the page.
 */
function loadLibraries(): { vega: VegaApi; vegaLite: VegaLiteApi } {
  if (libraries === undefined) {
    const { vega: vegaCode, vegaLite: vegaLiteCode } = vegaScripts();
    const load = (code: string, deps: Record<string, unknown>) => {
      const module = { exports: {} as Record<string, unknown> };
      new Function('exports', 'module', 'require', code)(module.exports, module, (name: string) => deps[name]);
      return module.exports;
    };
    const vega = load(vegaCode, {}) as unknown as VegaApi;
    const vegaLite = load(vegaLiteCode, { vega }) as unknown as VegaLiteApi;
    libraries = { vega, vegaLite };
  }
  return libraries;
}

/** Renders a vega-lite spec to SVG headlessly (no canvas needed). */
export async function renderChartSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = loadLibraries();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a vega-lite spec to PNG (vega's SVG rasterised by resvg with the system's fonts), at `scale`x. */
export async function renderChartPng(spec: VegaLiteSpec, scale = 2): Promise<Uint8Array> {
  const svg = await renderChartSvg(spec);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return new Uint8Array(resvg.render().asPng());
}
