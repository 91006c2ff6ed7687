import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidateDirs, dataRoot, locateFile, missingFileError, sharedDataDir } from './data-root.js';

let repo: string;

beforeAll(() => {
  // <tmp>/project/repo/pnpm-workspace.yaml and <tmp>/project/shared/data/toy/file.gz
  const base = mkdtempSync(join(tmpdir(), 'root-'));
  repo = join(base, 'repo');
  mkdirSync(join(repo, 'packages', 'x'), { recursive: true });
  writeFileSync(join(repo, 'pnpm-workspace.yaml'), '');
  mkdirSync(join(base, 'shared', 'data', 'toy'), { recursive: true });
  writeFileSync(join(base, 'shared', 'data', 'toy', 'file.gz'), '');
});

afterAll(() => rmSync(join(repo, '..'), { recursive: true, force: true }));

test('data root: option, else AVALANCHE_DATA, else ~/.avalanche-ts/data', () => {
  const prev = process.env.AVALANCHE_DATA;
  try {
    delete process.env.AVALANCHE_DATA;
    expect(dataRoot()).toBe(join(homedir(), '.avalanche-ts', 'data'));
    process.env.AVALANCHE_DATA = '/env/data';
    expect(dataRoot()).toBe('/env/data');
    expect(dataRoot({ dataDir: '/opt/data' })).toBe('/opt/data');
  } finally {
    if (prev === undefined) delete process.env.AVALANCHE_DATA;
    else process.env.AVALANCHE_DATA = prev;
  }
});

test('shared data is found beside the repository root from any folder inside it', () => {
  expect(sharedDataDir(join(repo, 'packages', 'x'))).toBe(join(repo, '..', 'shared', 'data'));
  expect(sharedDataDir('/')).toBeUndefined();
});

test('files are located in the data root, then system folders; missing ones get a helpful error', () => {
  const spec = { name: 'toy', systemDirs: [join(repo, '..', 'shared', 'data', 'toy')] };
  const file = { file: 'file.gz', urls: ['https://example.org/file.gz'] };
  expect(candidateDirs(spec, { dataDir: '/d', useSharedData: false })).toEqual(['/d/toy', spec.systemDirs[0]]);
  expect(locateFile(spec, file, { dataDir: '/d', useSharedData: false })).toBe(join(spec.systemDirs[0], 'file.gz'));
  expect(locateFile({ name: 'toy' }, file, { dataDir: '/d', useSharedData: false })).toBeUndefined();
  expect(missingFileError({ name: 'toy' }, file, { dataDir: '/d', useSharedData: false }).message).toBe(
    'toy: file file.gz not found (looked in /d/toy). Download it from https://example.org/file.gz and put it in /d/toy, or pass download: true.',
  );
});
