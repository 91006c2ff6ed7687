import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ValidationError } from '@avalanche-ts/core';
import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { htmlReportLogger } from './html-report-logger.js';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const chromiumTest = existsSync(CHROMIUM) ? it : it.skip;
if (!existsSync(CHROMIUM)) console.warn(`SKIPPED headless report check: ${CHROMIUM} is not installed`);

function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('htmlReportLogger', () => {
  const outDir = join(ARTIFACTS, 'html-report');
  beforeAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  chromiumTest('writes a self-contained report that headless Chromium renders without errors, and PNG charts', async () => {
    const logger = htmlReportLogger({ outDir, title: 'Fake class-incremental run', config: { strategy: 'naive', lr: 0.01, epochs: 2 } });
    await driveLogger(logger, fakeRun());
    await logger.close();
    const written = logger.written!;

    const html = readFileSync(written.html, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/); // everything inline, no CDN
    expect(html).toContain('<td>strategy</td><td>naive</td>');
    expect(html).toContain('<td>after exp 1</td><td>0.6000</td><td>0.9500</td>');

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
      await page.goto(`file://${written.html}`);
      await page.waitForFunction(() => document.body.dataset.charts !== undefined, undefined, { timeout: 30000 });
      expect(await page.evaluate(() => document.body.dataset.charts)).toBe('4');
      for (const id of ['accuracy-matrix', 'accuracy-over-time', 'forgetting', 'loss']) {
        const marks = await page.locator(`#chart-${id} svg path, #chart-${id} svg text`).count();
        const box = await page.locator(`#chart-${id} svg`).boundingBox();
        expect([id, marks > 5, (box?.width ?? 0) > 100]).toEqual([id, true, true]);
      }
      // The heatmap's cells carry the accuracies as text.
      const cellText = await page.locator('#chart-accuracy-matrix svg text').allTextContents();
      expect(cellText).toEqual(expect.arrayContaining(['0.90', '0.60', '0.95']));
      await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }

    expect(Object.keys(written.pngs)).toEqual(['accuracy-matrix', 'accuracy-over-time', 'forgetting', 'loss']);
    for (const path of Object.values(written.pngs)) {
      const [w, h] = pngSize(path);
      expect(w).toBeGreaterThan(300);
      expect(h).toBeGreaterThan(200);
    }
    // Python decodes a chart and finds several colours (drawn marks, not a blank page).
    const colours = execFileSync('/usr/bin/python3', ['-c', PNG_COLOURS, written.pngs['accuracy-matrix']]).toString().trim();
    expect(Number(colours)).toBeGreaterThan(20);
  });

  it('validates its options', () => {
    expect(() => htmlReportLogger({ outDir: '' })).toThrow(ValidationError);
    expect(() => htmlReportLogger({ png: 'yes' } as never)).toThrow(/htmlReportLogger options.png/);
  });
});

// Counts distinct colours of an 8-bit RGB/RGBA PNG with Python's zlib (undoing the row filters).
const PNG_COLOURS = `
import sys, struct, zlib
d = open(sys.argv[1], 'rb').read(); pos = 8; idat = b''
while pos < len(d):
    n, = struct.unpack('>I', d[pos:pos+4]); k = d[pos+4:pos+8]; b = d[pos+8:pos+8+n]
    if k == b'IHDR': w, h, depth, ct = struct.unpack('>IIBB', b[:10])
    if k == b'IDAT': idat += b
    pos += 12 + n
bpp = {2: 3, 6: 4}[ct]; raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); colours = set()
for y in range(h):
    f = raw[y*(stride+1)]; line = bytearray(raw[y*(stride+1)+1:(y+1)*(stride+1)])
    for i in range(stride):
        a = line[i-bpp] if i >= bpp else 0; b = prev[i]; c = prev[i-bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    colours.update(bytes(line[x:x+bpp]) for x in range(0, stride, bpp * 4))
    prev = line
print(len(colours))
`;
