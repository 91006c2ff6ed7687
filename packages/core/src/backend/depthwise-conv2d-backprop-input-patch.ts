import * as tf from '@tensorflow/tfjs';
import { KernelScope, type KernelArgs } from './kernel-scope.js';
import { pair, type WasmKernelPatch } from './wasm-kernel-patch.js';

interface Attrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * The input gradient of a depthwise convolution (missing in stock wasm), through the wasm
 * `DepthwiseConv2dNative` kernel.
 *
 *   dx[n, h, w, c] = Σ_m Σ_{i, j} dy_s[n, h + p_t − i·d_h, w + p_l − j·d_w, c·M + m] · W[i, j, c, m]
 * with dy_s = dy with s − 1 zeros between rows/columns: a stride-1 depthwise correlation (multiplier 1,
 * dilation d) of dy_s padded by (fh − 1)·d_h − p_t rows on top, with the 180°-rotated filter as
 * [fh, fw, C·M, 1], followed by a sum over m.
 */
export function depthwiseConv2dBackpropInput(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { inputs, backend } = args as unknown as KernelArgs;
  const attrs = args.attrs as unknown as Attrs;
  const scope = new KernelScope(backend);
  try {
    const { dy, filter } = inputs;
    const [fh, fw, c, m] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true,
    );
    const [sh, sw] = pair(attrs.strides);
    const [dh, dw] = pair(attrs.dilations);
    const [n, h, w] = attrs.inputShape;
    const dyd = scope.dilateSpatial(dy, sh, sw);
    const top = (fh - 1) * dh - info.padInfo.top;
    const left = (fw - 1) * dw - info.padInfo.left;
    const bottom = h + (fh - 1) * dh - top - dyd.shape[1];
    const right = w + (fw - 1) * dw - left - dyd.shape[2];
    const dyp = scope.padOrCrop(dyd, top, bottom, left, right);
    const rotated = scope.reshape(scope.flipSpatial(filter), [fh, fw, c * m, 1]);
    const conv = scope.run(tf.DepthwiseConv2dNative, { x: dyp, filter: rotated }, { strides: [1, 1], dilations: [dh, dw], pad: 'valid' });
    if (m === 1) return scope.keep(conv);
    const split = scope.reshape(conv, [n, h, w, c, m]);
    return scope.keep(scope.run(tf.Sum, { x: split }, { axis: [4], keepDims: false }));
  } finally {
    scope.dispose();
  }
}

/** Adds the missing `DepthwiseConv2dNativeBackpropInput`. */
export const depthwiseConv2dBackpropInputPatch: WasmKernelPatch = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  why: 'missing in stock wasm; computed as a depthwise correlation of dy by the rotated filter',
  make: () => depthwiseConv2dBackpropInput as unknown as tf.KernelFunc,
};
