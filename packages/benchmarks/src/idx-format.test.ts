import { DatasetError } from '@avalanche-ts/core';
import { encodeIdx, parseIdx } from './idx-format.js';

test('round trips every IDX element type', () => {
  const cases = [
    { dtype: 'uint8', shape: [2, 2, 3], data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) },
    { dtype: 'int8', shape: [3], data: Int8Array.of(-128, 0, 127) },
    { dtype: 'int16', shape: [2], data: Int16Array.of(-300, 300) },
    { dtype: 'int32', shape: [2], data: Int32Array.of(-70000, 70000) },
    { dtype: 'float32', shape: [1, 2], data: Float32Array.of(1.5, -2.25) },
    { dtype: 'float64', shape: [1], data: Float64Array.of(Math.PI) },
  ] as const;
  for (const c of cases) {
    const back = parseIdx(encodeIdx(c), 'mem.idx');
    expect(back.dtype).toBe(c.dtype);
    expect(back.shape).toEqual(c.shape);
    expect(Array.from(back.data)).toEqual(Array.from(c.data));
  }
});

test('bad files raise DatasetErrors naming the file and the problem', () => {
  const good = encodeIdx({ dtype: 'uint8', shape: [2, 3], data: new Uint8Array(6) });
  expect(() => parseIdx(Uint8Array.of(1, 2, 8, 1), 'a.idx')).toThrow(/a.idx: not an IDX file \(magic bytes 01 02 08 01/);
  expect(() => parseIdx(Uint8Array.of(0, 0, 0x42, 1), 'b.idx')).toThrow(/b.idx: unknown IDX element type 0x42/);
  expect(() => parseIdx(good.subarray(0, good.length - 1), 'c.idx')).toThrow(/c.idx: truncated IDX data: header \[2, 3\] needs 18 bytes, file has 17/);
  expect(() => parseIdx(good.subarray(0, 6), 'd.idx')).toThrow(/d.idx: truncated IDX header/);
  const long = new Uint8Array(good.length + 2);
  long.set(good);
  expect(() => parseIdx(long, 'e.idx')).toThrow(/e.idx: 2 unexpected trailing bytes/);
  expect(() => parseIdx(new Uint8Array(0), 'f.idx')).toThrow(DatasetError);
});
