import { setFlagsFromString } from 'node:v8';
import { Rng } from '../rng.js';
import { GEMM_NR, gemmModuleBytes, relaxedSimdSupported } from './gemm-wasm-module.js';

// Node 20 admits relaxed SIMD only behind this flag (the Node loader sets it the same way).
setFlagsFromString('--experimental-wasm-relaxed-simd');

interface Case {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
  bias: boolean;
  relu: boolean;
}

/** Runs the module's gemm on random operands laid out as the case says; returns its C and a float64 reference. */
function runCase(gemm: (...args: number[]) => void, heap: Float32Array, rng: Rng, c: Case, ranges?: Array<[number, number]>): { got: Float32Array; want: Float64Array; guardsIntact: boolean } {
  const { m, k, n } = c;
  const panels = Math.ceil(n / GEMM_NR);
  const a = Float32Array.from({ length: m * k }, () => rng.normal());
  const b = Float32Array.from({ length: k * n }, () => rng.normal());
  const bias = Float32Array.from({ length: panels * GEMM_NR }, (_, j) => (j < n ? rng.normal() : 0));
  // Float offsets of each region, with 16-float gaps that must stay untouched.
  const aAt = 16;
  const bAt = aAt + m * k + 16;
  const cAt = bAt + k * n + 16;
  const biasAt = cAt + m * n + 16;
  const packedAt = biasAt + bias.length + 16;
  const tileAt = packedAt + panels * k * GEMM_NR + 16;
  heap.fill(7, 0, tileAt + 64);
  for (let i = 0; i < m; i++) for (let kk = 0; kk < k; kk++) heap[aAt + (c.transposeA ? kk * m + i : i * k + kk)] = a[i * k + kk];
  for (let kk = 0; kk < k; kk++) for (let j = 0; j < n; j++) heap[bAt + (c.transposeB ? j * k + kk : kk * n + j)] = b[kk * n + j];
  heap.set(bias, biasAt);
  for (const [begin, end] of ranges ?? [[0, panels]]) {
    gemm(
      aAt * 4,
      (c.transposeA ? 1 : k) * 4,
      (c.transposeA ? m : 1) * 4,
      bAt * 4,
      (c.transposeB ? 1 : n) * 4,
      (c.transposeB ? k : 1) * 4,
      packedAt * 4,
      1,
      cAt * 4,
      n * 4,
      m,
      k,
      n,
      begin,
      end,
      c.bias ? biasAt * 4 : 0,
      c.relu ? 1 : 0,
      tileAt * 4,
    );
  }
  const want = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = c.bias ? bias[j] : 0;
      for (let kk = 0; kk < k; kk++) sum += a[i * k + kk] * b[kk * n + j];
      want[i * n + j] = c.relu ? Math.max(0, sum) : sum;
    }
  }
  const gapIntact = (at: number) => heap.subarray(at - 16, at).every((v) => v === 7);
  return { got: heap.slice(cAt, cAt + m * n), want, guardsIntact: gapIntact(cAt) && gapIntact(biasAt) };
}

function relativeError(got: Float32Array, want: Float64Array): number {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return diff / scale;
}

const CASES: Case[] = [
  { m: 1, k: 1, n: 1, transposeA: false, transposeB: false, bias: false, relu: false },
  { m: 7, k: 5, n: 13, transposeA: false, transposeB: false, bias: true, relu: true },
  { m: 10, k: 33, n: 25, transposeA: true, transposeB: false, bias: true, relu: false },
  { m: 11, k: 31, n: 24, transposeA: false, transposeB: true, bias: false, relu: true },
  { m: 64, k: 300, n: 128, transposeA: true, transposeB: true, bias: true, relu: true },
  { m: 2, k: 784, n: 10, transposeA: false, transposeB: false, bias: true, relu: false },
];

describe.each([
  { fma: true, name: 'relaxed-SIMD FMA kernels' },
  { fma: false, name: 'mul+add kernels' },
])('generated GEMM module: $name', ({ fma }) => {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const gemm = new WebAssembly.Instance(new WebAssembly.Module(gemmModuleBytes({ fma, sharedMemory: false })), { env: { memory } }).exports
    .gemm as (...args: number[]) => void;
  const heap = new Float32Array(memory.buffer);

  it.each(CASES)('C = A·B (+bias, ReLU) for m=$m k=$k n=$n, transposeA=$transposeA transposeB=$transposeB', (c) => {
    const { got, want, guardsIntact } = runCase(gemm, heap, new Rng(c.m * 1000 + c.n), c);
    expect(relativeError(got, want)).toBeLessThan(1e-5);
    expect(guardsIntact).toBe(true);
  });

  it('computes the whole product as calls over disjoint panel ranges (how threads split it)', () => {
    const c: Case = { m: 9, k: 20, n: 50, transposeA: false, transposeB: false, bias: true, relu: false };
    const split = runCase(gemm, heap, new Rng(3), c, [[3, 5], [0, 1], [1, 3]]);
    expect(relativeError(split.got, split.want)).toBeLessThan(1e-5);
    const missing = runCase(gemm, heap, new Rng(3), c, [[0, 4]]);
    expect(relativeError(missing.got, missing.want)).toBeGreaterThan(0.1);
  });
});

describe('relaxedSimdSupported', () => {
  it('is true once the flag is set (Node 20) and false for an engine that rejects the FMA opcode', () => {
    expect(relaxedSimdSupported()).toBe(true);
    const rejecting = { validate: (bytes: Uint8Array) => !Array.from(bytes).some((b, i) => b === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02) } as unknown as typeof WebAssembly;
    expect(relaxedSimdSupported(rejecting)).toBe(false);
  });
});
