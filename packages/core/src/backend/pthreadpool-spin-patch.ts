import { createHash } from 'node:crypto';

/**
 * SHA-256 of `wasm-out/tfjs-backend-wasm-threaded-simd.wasm` in @tensorflow/tfjs-backend-wasm 4.22.0, the only
 * file the spin patch knows.
 */
export const THREADED_WASM_SHA256 = 'c052228d4bef185c27bbe59a9e029570c78bbb9f08b3cb46b597851650373de2';

/**
 * Where pthreadpool's `wait_for_new_command` sets its spin budget in that file. The bytes around it read:
 * `if (!(flags & PTHREADPOOL_FLAG_YIELD_WORKERS)) { for (i = 1000000; ...) poll }`: `i32.const 1000000`
 * (41 c0 84 3d) between the flag test's neighbours below. Checked before writing.
 */
export const SPIN_CONSTANT_OFFSET = 375144;
const BEFORE = [0x47, 0x0d, 0x00];
const STOCK = [0x41, 0xc0, 0x84, 0x3d];
const AFTER = [0x21, 0x07, 0x20, 0x06, 0x41, 0x02, 0x71, 0x45, 0x04, 0x40, 0x03, 0x40];

/** Polls an idle pool thread makes before it sleeps, after the patch (stock: 1,000,000, ~1 ms). */
export const SHORT_SPIN_POLLS = 20_000;

/**
 * Returns a copy of tfjs's threaded wasm binary whose idle pool threads poll for new work `polls` times
 * (stock 1,000,000) before they sleep. Why: XNNPACK's pthreadpool keeps a thread spinning for about a
 * millisecond after every parallel op; that thread then takes one of the two cores from the GEMM engine's
 * threads, which ran at half speed (measured: fused matMul + ReLU 2.2 ms instead of 1.2 ms). Only the one
 * i32 constant changes, re-encoded in the same four bytes (a padded LEB128, valid wasm), so no offset in
 * the module moves. The file must be byte-identical to tfjs-backend-wasm 4.22.0's; otherwise nothing is
 * patched and `note` says why.
 */
export function shortenPthreadpoolSpin(wasm: Uint8Array, polls = SHORT_SPIN_POLLS): { bytes?: Uint8Array<ArrayBuffer>; note?: string } {
  if (!Number.isInteger(polls) || polls < 1 || polls >= 1 << 20) return { note: `spin polls must be an integer in 1..1048575, got ${polls}` };
  const hash = createHash('sha256').update(wasm).digest('hex');
  if (hash !== THREADED_WASM_SHA256) {
    return { note: `the threaded wasm binary is not tfjs-backend-wasm 4.22.0's (sha256 ${hash.slice(0, 12)}...); its spin wait was left as is` };
  }
  const at = SPIN_CONSTANT_OFFSET;
  const expected = [...BEFORE, ...STOCK, ...AFTER];
  const found = [...wasm.subarray(at - BEFORE.length, at + STOCK.length + AFTER.length)];
  if (found.some((byte, i) => byte !== expected[i])) return { note: 'the spin-wait constant is not where expected; left as is' };
  const bytes = Uint8Array.from(wasm);
  bytes.set(paddedLeb(polls), at + 1);
  return { bytes };
}

/** Signed LEB128 of a positive value below 2^20 in exactly three bytes. */
export function paddedLeb(value: number): number[] {
  return [(value & 0x7f) | 0x80, ((value >> 7) & 0x7f) | 0x80, (value >> 14) & 0x3f];
}
