import * as tf from '@tensorflow/tfjs';
import { KernelScope, type KernelArgs } from './kernel-scope.js';
import { pair, type WasmKernelPatch } from './wasm-kernel-patch.js';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * The filter gradient of a 2-D convolution, computed by the wasm `Conv2D` kernel (XNNPACK).
 *
 * For y = conv2d(x, W) with stride s and top/left padding (p_t, p_l):
 *   dW[i, j, c, o] = Σ_{n, a, b} x[n, a·s_h + i − p_t, b·s_w + j − p_l, c] · dy[n, a, b, o]
 * which is itself a convolution in which the input channels play the batch, the batch plays the channels
 * and dy is the filter, dilated by the stride:
 *   dW = transpose(conv2d(xᵀ, dyᵀ, stride 1, dilation s), [1, 2, 0, 3])
 * with xᵀ = x as [C, H, W, N] padded/cropped so the output is exactly [C, fh, fw, O], and dyᵀ = dy as
 * [Ho, Wo, N, O]. No patch matrix is built (a naive im2col of SimpleCNN's second conv is 132 MB at batch 128).
 */
export function conv2dBackpropFilter(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { inputs, backend } = args as unknown as KernelArgs;
  const attrs = args.attrs as unknown as Attrs;
  const scope = new KernelScope(backend);
  try {
    let { x, dy } = inputs;
    if (attrs.dataFormat === 'NCHW') {
      x = scope.transpose(x, [0, 2, 3, 1]);
      dy = scope.transpose(dy, [0, 2, 3, 1]);
    }
    const [fh, fw] = attrs.filterShape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
    );
    const [sh, sw] = pair(attrs.strides);
    const [, h, w] = x.shape;
    const [, ho, wo] = dy.shape;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const bottom = fh + (ho - 1) * sh - top - h;
    const right = fw + (wo - 1) * sw - left - w;
    const xt = scope.padOrCrop(scope.transpose(x, [3, 1, 2, 0]), top, bottom, left, right);
    const dyt = scope.transpose(dy, [1, 2, 0, 3]);
    const conv = scope.run(tf.Conv2D, { x: xt, filter: dyt }, { strides: [1, 1], pad: 'valid', dilations: [sh, sw], dataFormat: 'NHWC' });
    return scope.keep(scope.transpose(conv, [1, 2, 0, 3]));
  } finally {
    scope.dispose();
  }
}

/** Adds the missing `Conv2DBackpropFilter` (stock wasm throws: CNNs cannot train). */
export const conv2dBackpropFilterPatch: WasmKernelPatch = {
  kernelName: tf.Conv2DBackpropFilter,
  why: 'missing in stock wasm (CNN training throws); computed as a Conv2D of the transposed input by dy',
  make: () => conv2dBackpropFilter as unknown as tf.KernelFunc,
};
