import type { HistogramData } from './encode-event.js';

/**
 * A TensorBoard histogram of `values`: `buckets` equal-width buckets between the minimum and the maximum
 * (one bucket when they are equal); bucket i counts the values in (limit[i-1], limit[i]], the first also
 * the minimum. Non-finite values are left out.
 */
export function histogramOf(values: readonly number[], buckets = 30): HistogramData {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [0], bucket: [0] };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  for (const v of finite) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sumSquares += v * v;
  }
  const n = max > min ? Math.max(1, Math.min(buckets, finite.length)) : 1;
  const width = (max - min) / n;
  const bucketLimit = Array.from({ length: n }, (_, i) => (i === n - 1 ? max : min + (i + 1) * width));
  const bucket = new Array<number>(n).fill(0);
  for (const v of finite) {
    const i = width > 0 ? Math.min(n - 1, Math.max(0, Math.ceil((v - min) / width) - 1)) : 0;
    bucket[i]++;
  }
  return { min, max, num: finite.length, sum, sumSquares, bucketLimit, bucket };
}
