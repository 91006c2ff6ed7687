/**
 * Moore–Penrose pseudo-inverse of a symmetric `d × d` matrix (row-major), by the cyclic Jacobi eigenvalue
 * method: A = V Λ Vᵀ, A⁺ = V Λ⁺ Vᵀ, where eigenvalues with |λ| ≤ d · ε · max|λ| count as zero (PyTorch's
 * default `rtol` of `torch.linalg.pinv`). TensorFlow.js has no pinv or eigendecomposition, so this runs in
 * float64 on the CPU; O(d³) per sweep, for the covariance matrices of FeCAM and StreamingLDA.
 */
export function symmetricPinv(matrix: ArrayLike<number>, d: number): Float64Array {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < d; p++) {
      diag += a[p * d + p] ** 2;
      for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const lambda = Float64Array.from({ length: d }, (_, i) => a[i * d + i]);
  const cutoff = d * Number.EPSILON * Math.max(0, ...lambda.map(Math.abs));
  const inv = lambda.map((l) => (Math.abs(l) > cutoff ? 1 / l : 0));
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += v[i * d + k] * inv[k] * v[j * d + k];
      out[i * d + j] = sum;
      out[j * d + i] = sum;
    }
  }
  return out;
}
