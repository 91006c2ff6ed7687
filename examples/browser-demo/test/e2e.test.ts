// End to end in headless Chromium: builds the demo, serves it on localhost, learns two SplitMNIST
// experiences with Replay and Naive side by side on the wasm backend, checks every accuracy the page shows
// against the accuracy computed here from the model's raw predictions and the test labels, reloads the page
// (state restored from IndexedDB, a third experience continues from it), and fails on any console error.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from './static-server.js';

const demoRoot = join(__dirname, '..');
const outDir = join(demoRoot, 'test-artifacts', 'e2e-dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TEST_PER_CLASS = 50;
const QUERY = `?backend=wasm&strategy=replay&compare=naive&train=100&test=${TEST_PER_CLASS}&seed=0`;

interface Cell {
  readonly row: number;
  readonly col: number;
  readonly acc: number;
  readonly text: string;
}

/** Builds the page with the project's own scripts: data assets, then `vite build` into test-artifacts/. */
function buildDemo(): void {
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/make-assets.ts'], { cwd: demoRoot, stdio: 'pipe' });
  const vite = join(demoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: demoRoot, stdio: 'pipe' });
}

async function waitUntil(page: Page, state: string, trained?: number): Promise<void> {
  const selector = trained === undefined ? `body[data-state="${state}"]` : `body[data-state="${state}"][data-trained="${trained}"]`;
  await page.waitForSelector(`${selector}, body[data-state="error"]`, { timeout: 90_000 });
  const error = await page.getAttribute('body', 'data-state');
  if (error === 'error') throw new Error(`the page failed: ${await page.textContent('#status')}`);
}

async function cellsOf(page: Page, learner: number): Promise<Cell[]> {
  return page.$$eval(`table[data-learner="${learner}"] td[data-acc]`, (tds) =>
    tds.map((td) => ({ row: Number(td.dataset.row), col: Number(td.dataset.col), acc: Number(td.dataset.acc), text: td.textContent ?? '' })),
  );
}

async function classesOf(page: Page): Promise<number[][]> {
  const heads = await page.$$eval('table[data-learner="0"] th small', (els) => els.map((e) => e.textContent ?? ''));
  return heads.map((h) => h.replace('digits ', '').split(',').map(Number));
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

describe('browser demo in headless Chromium', () => {
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let testLabels: Uint8Array;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (scripts/setup-machine.sh installs it; or set CHROMIUM_PATH)`);
    buildDemo();
    testLabels = new Uint8Array(readFileSync(join(outDir, 'data', 'test-labels.u8')));
    server = await serveStatic(outDir);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Indices of the test images the page evaluates for these digits: the first k of each, in file order. */
  function testIndices(digits: readonly number[]): number[] {
    const seen = new Map<number, number>();
    const out: number[] = [];
    testLabels.forEach((label, i) => {
      if (!digits.includes(label) || (seen.get(label) ?? 0) >= TEST_PER_CLASS) return;
      seen.set(label, (seen.get(label) ?? 0) + 1);
      out.push(i);
    });
    return out;
  }

  /** Checks the last matrix row of every learner against accuracies computed from raw predictions. */
  async function expectShownAccuracyIsComputed(page: Page, row: number): Promise<Cell[][]> {
    const classes = await classesOf(page);
    expect(classes).toHaveLength(5);
    expect(new Set(classes.flat())).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const all: Cell[][] = [];
    for (const learner of [0, 1]) {
      const cells = await cellsOf(page, learner);
      expect(Math.max(...cells.map((c) => c.row))).toBe(row);
      for (const [col, digits] of classes.entries()) {
        const indices = testIndices(digits);
        const predictions = await page.evaluate(
          ([l, idx]) => (window as unknown as { avalancheDemo: { predictTest(l: number, i: number[]): number[] } }).avalancheDemo.predictTest(l, idx),
          [learner, indices] as const,
        );
        const computed = predictions.filter((p, k) => p === testLabels[indices[k]]).length / indices.length;
        const cell = cells.find((c) => c.row === row && c.col === col);
        expect(cell).toBeDefined();
        expect(cell?.acc).toBeCloseTo(computed, 9);
        expect(cell?.text).toBe(pct(computed));
      }
      all.push(cells);
    }
    return all;
  }

  it('learns two experiences, shows the accuracy it computes, and restores its state after a reload', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));

    await page.goto(server!.url + QUERY);
    await waitUntil(page, 'ready');
    expect(await page.getAttribute('body', 'data-backend')).toBe('wasm');
    expect(await page.getAttribute('body', 'data-restored')).toBe('0');
    expect(await page.$$eval('#learners .learner h2', (hs) => hs.map((h) => h.textContent))).toEqual([
      expect.stringMatching(/^Replay/),
      expect.stringMatching(/^Naive/),
    ]);

    await page.click('#train-next');
    await waitUntil(page, 'ready', 1);
    await page.click('#train-next');
    await waitUntil(page, 'ready', 2);
    const before = await expectShownAccuracyIsComputed(page, 1);
    expect(await page.textContent('#progress-text')).toBe('done');
    // The live curve of accuracy on the earlier digits was drawn during the second experience, for both.
    const curvePoints = await page.$$eval('.learner svg.chart path', (paths) => paths.map((p) => (p.getAttribute('d') ?? '').split('L').length));
    expect(curvePoints).toHaveLength(2);
    for (const n of curvePoints) expect(n).toBeGreaterThanOrEqual(3);
    // The first experience's digits are learnt (well above the 10% of chance) before anything else is.
    expect(before[0].find((c) => c.row === 0 && c.col === 0)!.acc).toBeGreaterThan(0.8);

    await page.reload();
    await waitUntil(page, 'ready');
    expect(await page.getAttribute('body', 'data-restored')).toBe('2');
    expect(await page.textContent('#status')).toMatch(/Restored from IndexedDB/);
    // Same matrix, and the restored weights give exactly the accuracies shown.
    const after = await expectShownAccuracyIsComputed(page, 1);
    expect(after).toEqual(before);

    // Learning continues where it stopped: the next click trains experience 2.
    await page.click('#train-next');
    await waitUntil(page, 'ready', 3);
    await expectShownAccuracyIsComputed(page, 2);

    mkdirSync(join(demoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(demoRoot, 'test-artifacts', 'browser-demo.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('learns new digits from drawings on the canvas and keeps them across a reload', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server!.url + QUERY);
    await waitUntil(page, 'ready');
    await page.click('#tab-draw');
    await page.waitForSelector('#draw-table tr:nth-child(2)', { timeout: 60_000 });
    await waitUntil(page, 'ready');

    // Two sevens: a bar and a diagonal, drawn with the mouse.
    const box = (await page.locator('#pad').boundingBox())!;
    for (const offset of [0, 12]) {
      await page.mouse.move(box.x + 70 + offset, box.y + 60);
      await page.mouse.down();
      for (const [x, y] of [[210, 60], [150, 150], [120, 230]]) await page.mouse.move(box.x + x + offset, box.y + y, { steps: 8 });
      await page.mouse.up();
      await expect(page.textContent('#prediction')).resolves.toMatch(/The model sees a \d/);
      await page.selectOption('#draw-label', '7');
      await page.click('#add-drawing');
    }
    await expect(page.textContent('#pending')).resolves.toMatch(/^2 example/);
    await page.click('#learn-drawings');
    await page.waitForSelector('#draw-table tr:nth-child(3)', { timeout: 60_000 });
    await waitUntil(page, 'ready');
    const rows = await page.$$eval('#draw-table tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
    expect(rows[2].slice(0, 2)).toEqual(['1', '2']);

    await page.reload();
    await waitUntil(page, 'ready');
    await page.click('#tab-draw');
    await page.waitForSelector('#draw-table tr:nth-child(3)', { timeout: 60_000 });
    await waitUntil(page, 'ready');
    expect(await page.textContent('#status')).toMatch(/restored from IndexedDB.*2 drawings/);
    expect(await page.$$eval('#draw-table tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)))).toEqual(rows);
    expect(errors).toEqual([]);
    await context.close();
  });
});
