import * as tf from '@tensorflow/tfjs';
import type { KernelArgs, WasmBackendLike } from './kernel-scope.js';
import type { WasmKernelPatch } from './wasm-kernel-patch.js';

interface Attrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * `MaxPoolGrad`: each dy[n, i, j, c] goes to the first maximum (in row-major window order, as on the cpu
 * backend) of its pooling window of x. One pass over the windows that keeps a running max per channel, so
 * memory is read in NHWC order; the stock wasm kernel is several times slower on SimpleCNN's pools.
 */
function maxPoolGrad(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { inputs, backend } = args as unknown as KernelArgs;
  const attrs = args.attrs as unknown as Attrs;
  const { dy, input } = inputs;
  const wasm = backend as WasmBackendLike;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  // Allocate first: growing the wasm heap detaches earlier views of it.
  const out = wasm.makeOutput(input.shape.slice(), 'float32');
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  const x = wasm.typedArrayFromHeap(input) as Float32Array;
  const g = wasm.typedArrayFromHeap(dy) as Float32Array;
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const maxValue = new Float32Array(c);
  const maxIndex = new Int32Array(c);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const base = b * inHeight * inWidth * c;
    for (let i = 0; i < outHeight; i++) {
      const r0 = i * strideHeight - info.padInfo.top;
      for (let j = 0; j < outWidth; j++, o += c) {
        const c0 = j * strideWidth - info.padInfo.left;
        maxValue.fill(-Infinity);
        maxIndex.fill(-1);
        for (let wr = 0; wr < fh; wr += dh) {
          const r = r0 + wr;
          if (r < 0 || r >= inHeight) continue;
          for (let wc = 0; wc < fw; wc += dw) {
            const col = c0 + wc;
            if (col < 0 || col >= inWidth) continue;
            const p = base + (r * inWidth + col) * c;
            for (let d = 0; d < c; d++) {
              if (x[p + d] > maxValue[d]) {
                maxValue[d] = x[p + d];
                maxIndex[d] = p + d;
              }
            }
          }
        }
        for (let d = 0; d < c; d++) if (maxIndex[d] >= 0) dx[maxIndex[d]] += g[o + d];
      }
    }
  }
  return out;
}

/** Replaces the slow stock `MaxPoolGrad` with one NHWC-ordered pass (float32; other dtypes keep the stock kernel). */
export const maxPoolGradPatch: WasmKernelPatch = {
  kernelName: tf.MaxPoolGrad,
  why: 'stock kernel is 2-3x slower on SimpleCNN pools; one NHWC-ordered pass instead',
  make: (original) => (args) => {
    const { input, dy } = (args as unknown as KernelArgs).inputs;
    if ((input.dtype !== 'float32' || dy.dtype !== 'float32') && original !== undefined) return original(args);
    return maxPoolGrad(args);
  },
};
