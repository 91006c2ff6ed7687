import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Rng } from '@avalanche-ts/core';
import { downloadFile, md5OfContent, type DownloadProgress } from './download-file.js';
import { ensureDatasetFile } from './ensure-dataset-file.js';
import { encodeIdx } from './idx-format.js';

const noise = new Rng(7);
// 256 KiB of pseudo-random bytes barely compress, so the socket delivers the body in several chunks.
const content = encodeIdx({ dtype: 'uint8', shape: [256, 32, 32], data: Uint8Array.from({ length: 262144 }, () => noise.int(256)) });
const gz = gzipSync(content);
const md5 = createHash('md5').update(content).digest('hex');
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/data.gz') {
      res.writeHead(200, { 'content-length': gz.length });
      // Two chunks, so progress is reported more than once.
      res.write(gz.subarray(0, 1000));
      setTimeout(() => res.end(gz.subarray(1000)), 30);
    } else if (req.url === '/cut.gz') {
      // Announces the full length, sends half, then drops the connection.
      res.writeHead(200, { 'content-length': gz.length });
      res.write(gz.subarray(0, gz.length >> 1), () => res.destroy());
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'download-'));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const noTemp = () => readdirSync(dir).filter((f) => f.includes('.part-'));

test('downloads, checks the md5 of the decompressed bytes and reports progress', async () => {
  const progress: DownloadProgress[] = [];
  const dest = join(dir, 'ok', 'data.gz');
  await downloadFile(`${base}/data.gz`, dest, { md5, onProgress: (p) => progress.push(p) });
  expect(readFileSync(dest)).toEqual(gz);
  expect(md5OfContent(readFileSync(dest), dest)).toBe(md5);
  expect(progress.length).toBeGreaterThanOrEqual(2);
  expect(progress.at(-1)).toEqual({ url: `${base}/data.gz`, receivedBytes: gz.length, totalBytes: gz.length });
});

test('a checksum mismatch, an HTTP error or a cut connection leaves no file behind', async () => {
  const dest = join(dir, 'bad.gz');
  await expect(downloadFile(`${base}/data.gz`, dest, { md5: '0'.repeat(32) })).rejects.toThrow(/checksum mismatch for .*data.gz: md5 of the decompressed data is [0-9a-f]{32}, expected 0{32}/);
  await expect(downloadFile(`${base}/missing.gz`, dest)).rejects.toThrow(/HTTP 404/);
  await expect(downloadFile(`${base}/cut.gz`, dest)).rejects.toThrow(/cut.gz/);
  await expect(downloadFile('http://127.0.0.1:1/never', dest)).rejects.toThrow(/could not download http:\/\/127.0.0.1:1\/never/);
  expect(existsSync(dest)).toBe(false);
  expect(noTemp()).toEqual([]);
});

test('ensureDatasetFile: finds files, downloads with download:true, else names the missing file', async () => {
  const spec = { name: 'toy', files: {} };
  const file = { file: 'data.gz', urls: [`${base}/missing.gz`, `${base}/data.gz`], md5 };
  const root = join(dir, 'root');
  await expect(ensureDatasetFile(spec, file, { dataDir: root, useSharedData: false })).rejects.toThrow(
    /toy: file data.gz not found \(looked in .*root\/toy\)\. Download it from .*missing.gz and put it in .*root\/toy, or pass download: true/,
  );
  const path = await ensureDatasetFile(spec, file, { dataDir: root, useSharedData: false, download: true });
  expect(path).toBe(join(root, 'toy', 'data.gz'));
  // Second call finds the file without the network.
  expect(await ensureDatasetFile(spec, { ...file, urls: [] }, { dataDir: root, useSharedData: false })).toBe(path);
  const prev = process.env.AVALANCHE_DATA;
  process.env.AVALANCHE_DATA = root;
  try {
    expect(await ensureDatasetFile(spec, file, { useSharedData: false })).toBe(path);
  } finally {
    if (prev === undefined) delete process.env.AVALANCHE_DATA;
    else process.env.AVALANCHE_DATA = prev;
  }
});
