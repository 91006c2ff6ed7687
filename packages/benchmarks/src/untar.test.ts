import { DatasetError } from '@avalanche-ts/core';
import { untar } from './untar.js';
import { makeTar } from './make-tar.js';

test('lists regular files with their bytes, long names included', () => {
  const long = `dir/${'x'.repeat(120)}.bin`;
  const tar = makeTar([
    { name: 'cifar-10-batches-bin/data_batch_1.bin', data: Uint8Array.of(1, 2, 3) },
    { name: long, data: new Uint8Array(600).fill(7) },
  ]);
  const entries = untar(tar, 'a.tar');
  expect(entries.map((e) => e.name)).toEqual(['cifar-10-batches-bin/data_batch_1.bin', long]);
  expect(Array.from(entries[0].data)).toEqual([1, 2, 3]);
  expect(entries[1].data.length).toBe(600);
});

test('corrupt and truncated archives raise DatasetErrors naming the archive', () => {
  const tar = makeTar([{ name: 'f', data: new Uint8Array(1000) }]);
  const bad = tar.slice();
  bad[0] ^= 1;
  expect(() => untar(bad, 'bad.tar')).toThrow(/bad.tar: corrupt tar header at byte 0/);
  expect(() => untar(tar.subarray(0, 700), 'cut.tar')).toThrow(DatasetError);
});
