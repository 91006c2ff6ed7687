import * as tf from '@tensorflow/tfjs';
import { KernelScope, type KernelArgs } from './kernel-scope.js';
import { pair, type WasmKernelPatch } from './wasm-kernel-patch.js';

interface Attrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * The filter gradient of a depthwise convolution (missing in stock wasm), through the wasm
 * `DepthwiseConv2dNative` kernel.
 *
 * For y[n, a, b, c·M + m] = Σ_{i, j} x[n, a·s_h + i·d_h − p_t, b·s_w + j·d_w − p_l, c] · W[i, j, c, m]:
 *   dW[i, j, c, m] = Σ_n Σ_{a, b} x[n, a·s_h + i·d_h − p_t, …, c] · dy[n, a, b, c·M + m]
 * The inner double sum is a depthwise convolution of x laid out as one image with N·C channels, filtered by
 * dy laid out as [Ho, Wo, N·C, M], with the roles of stride and dilation swapped (stride d, dilation s);
 * the sum over n is a final reduction.
 */
export function depthwiseConv2dBackpropFilter(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { inputs, backend } = args as unknown as KernelArgs;
  const attrs = args.attrs as unknown as Attrs;
  const scope = new KernelScope(backend);
  try {
    const { x, dy } = inputs;
    const [fh, fw, c, m] = attrs.filterShape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true,
    );
    const [sh, sw] = pair(attrs.strides);
    const [dh, dw] = pair(attrs.dilations);
    const [n, h, w] = x.shape;
    const [, ho, wo] = dy.shape;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const bottom = (fh - 1) * dh + (ho - 1) * sh + 1 - top - h;
    const right = (fw - 1) * dw + (wo - 1) * sw + 1 - left - w;
    const image = scope.reshape(scope.transpose(x, [1, 2, 0, 3]), [1, h, w, n * c]);
    const padded = scope.padOrCrop(image, top, bottom, left, right);
    const dy5 = scope.reshape(dy, [n, ho, wo, c, m]);
    const filter = scope.reshape(scope.transpose(dy5, [1, 2, 0, 3, 4]), [ho, wo, n * c, m]);
    const conv = scope.run(tf.DepthwiseConv2dNative, { x: padded, filter }, { strides: [dh, dw], dilations: [sh, sw], pad: 'valid' });
    const perSample = scope.reshape(conv, [fh, fw, n, c * m]);
    const summed = n === 1 ? perSample : scope.run(tf.Sum, { x: perSample }, { axis: [2], keepDims: false });
    return scope.keep(scope.reshape(summed, [fh, fw, c, m]));
  } finally {
    scope.dispose();
  }
}

/** Adds the missing `DepthwiseConv2dNativeBackpropFilter`. */
export const depthwiseConv2dBackpropFilterPatch: WasmKernelPatch = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  why: 'missing in stock wasm; computed as a depthwise convolution of x by dy (stride and dilation swapped)',
  make: () => depthwiseConv2dBackpropFilter as unknown as tf.KernelFunc,
};
