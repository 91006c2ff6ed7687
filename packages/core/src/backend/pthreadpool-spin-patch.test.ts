import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SPIN_CONSTANT_OFFSET, paddedLeb, shortenPthreadpoolSpin } from './pthreadpool-spin-patch.js';

const require = createRequire(__filename);
const stock = readFileSync(
  join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out', 'tfjs-backend-wasm-threaded-simd.wasm'),
);

/** Decodes a signed LEB128 of at most 5 bytes. */
function decodeSleb(bytes: ArrayLike<number>): number {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < bytes.length; i++) {
    result |= (bytes[i] & 0x7f) << shift;
    shift += 7;
    if ((bytes[i] & 0x80) === 0) return (bytes[i] & 0x40) !== 0 ? result | (-1 << shift) : result;
  }
  throw new Error('unterminated LEB128');
}

describe('shortenPthreadpoolSpin', () => {
  it('rewrites only the spin budget of the installed tfjs 4.22.0 threaded binary, and the module stays valid', () => {
    const { bytes, note } = shortenPthreadpoolSpin(stock, 20_000);
    expect(note).toBeUndefined();
    if (bytes === undefined) throw new Error('not patched');
    const changed = [...bytes.keys()].filter((i) => bytes[i] !== stock[i]);
    expect(changed).toEqual([SPIN_CONSTANT_OFFSET + 1, SPIN_CONSTANT_OFFSET + 2, SPIN_CONSTANT_OFFSET + 3]);
    expect(decodeSleb(stock.subarray(SPIN_CONSTANT_OFFSET + 1))).toBe(1_000_000);
    expect(decodeSleb(bytes.subarray(SPIN_CONSTANT_OFFSET + 1))).toBe(20_000);
    expect(WebAssembly.validate(bytes)).toBe(true);
    // The input is left as it was.
    expect(decodeSleb(stock.subarray(SPIN_CONSTANT_OFFSET + 1))).toBe(1_000_000);
  });

  it('patches nothing, with a reason, in any other binary or for a budget that does not fit', () => {
    const other = Uint8Array.from(stock);
    other[100] ^= 1;
    expect(shortenPthreadpoolSpin(other)).toEqual({ note: expect.stringMatching(/not tfjs-backend-wasm 4\.22\.0's/) });
    expect(shortenPthreadpoolSpin(stock, 0).note).toMatch(/spin polls.*got 0/);
    expect(shortenPthreadpoolSpin(stock, 2_000_000).note).toMatch(/spin polls.*got 2000000/);
  });

  it('encodes budgets in three bytes that decode back to them', () => {
    for (const value of [1, 127, 128, 16_383, 16_384, 20_000, 1_048_575]) {
      const encoded = paddedLeb(value);
      expect(encoded).toHaveLength(3);
      expect(decodeSleb(encoded)).toBe(value);
    }
  });
});
