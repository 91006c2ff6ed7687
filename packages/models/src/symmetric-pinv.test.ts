import { symmetricPinv } from './symmetric-pinv.js';

function matMul(a: ArrayLike<number>, b: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) out[i * d + j] += a[i * d + k] * b[k * d + j];
  return out;
}

describe('symmetricPinv', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const d = 6;
    // A = BBᵀ + I with a fixed B.
    const b = Float64Array.from({ length: d * d }, (_, k) => Math.sin(k + 1));
    const a = matMul(b, Float64Array.from({ length: d * d }, (_, k) => b[(k % d) * d + Math.floor(k / d)]), d).map((v, k) => v + (Math.floor(k / d) === k % d ? 1 : 0));
    const product = matMul(a, symmetricPinv(a, d), d);
    product.forEach((v, k) => expect(v).toBeCloseTo(Math.floor(k / d) === k % d ? 1 : 0, 8));
  });

  it('gives the pseudo-inverse of a singular matrix (A A⁺ A = A)', () => {
    // Rank 1: vvᵀ with v = (1, 2, 2); its pseudo-inverse is vvᵀ / ‖v‖⁴.
    const v = [1, 2, 2];
    const a = Float64Array.from({ length: 9 }, (_, k) => v[Math.floor(k / 3)] * v[k % 3]);
    const p = symmetricPinv(a, 3);
    p.forEach((x, k) => expect(x).toBeCloseTo(a[k] / 81, 10));
    matMul(matMul(a, p, 3), a, 3).forEach((x, k) => expect(x).toBeCloseTo(a[k], 8));
  });
});
