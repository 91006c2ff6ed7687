import * as tf from '@tensorflow/tfjs';
import type { FusedActivation } from './linear.js';

/**
 * Filter gradient of y = conv2d(x, w, stride s, symmetric zero padding p), computed with a forward
 * convolution: dW[kh, kw, ci, co] = sum_{n,i,j} xpad[n, i*s + kh, j*s + kw, ci] * dy[n, i, j, co], which
 * is conv2d(x as [ci, H, W, n], dy as a [Ho, Wo, n, co] filter, dilation s, padding p) cropped to k x k.
 * The cpu backend's Conv2DBackpropFilter loops element by element (~1 M multiply-adds per second here),
 * and stock wasm has none; forward convolutions are fast on both.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kernelSize: number, stride: number, padding: number): tf.Tensor4D {
  return tf.tidy(() => {
    if (kernelSize === 1 && padding === 0) {
      // 1x1 (pointwise) kernels: dW = X^T dY over every output position, one matMul.
      const [n, ho, wo, co] = dy.shape;
      const ci = x.shape[3];
      const sampled = stride === 1 ? x : x.slice([0, 0, 0, 0], [n, (ho - 1) * stride + 1, (wo - 1) * stride + 1, ci]);
      const xs = stride === 1 ? sampled : tf.conv2d(sampled, tf.eye(ci).reshape([1, 1, ci, ci]) as tf.Tensor4D, stride, 'valid');
      const xFlat = tf.transpose(xs.reshape([-1, ci])) as tf.Tensor2D;
      return tf.matMul(xFlat, dy.reshape([-1, co]) as tf.Tensor2D).reshape([1, 1, ci, co]) as tf.Tensor4D;
    }
    const xt = tf.transpose(x, [3, 1, 2, 0]); // [ci, H, W, n]
    const filter = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, n, co]
    const pad = padding === 0 ? 'valid' : padding;
    const full = tf.conv2d(xt, filter, 1, pad, 'NHWC', stride); // [ci, >=k, >=k, co]
    const cropped = full.shape[1] === kernelSize && full.shape[2] === kernelSize ? full : full.slice([0, 0, 0, 0], [-1, kernelSize, kernelSize, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]); // [k, k, ci, co]
  });
}

type ConvGradInputs = [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D?];

/**
 * act(conv2d(x, w) + b) with symmetric padding, fused in the forward pass, whose gradient uses
 * {@link conv2dFilterGrad} for the filter and the backend's Conv2DBackpropInput for the input.
 */
export function conv2dOp(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  bias: tf.Tensor1D | undefined,
  stride: number,
  padding: number,
  activation: FusedActivation,
): tf.Tensor4D {
  const pad = padding === 0 ? 'valid' : padding;
  const k = w.shape[0];
  const backward = (dy: tf.Tensor4D, saved: tf.Tensor[]): tf.Tensor[] => {
    const [xs, ws, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const dz = activation === 'relu' ? tf.mul(dy, tf.step(ys)) as tf.Tensor4D : dy;
    const dx = tf.conv2dTranspose(dz, ws, xs.shape, stride, pad);
    const dw = conv2dFilterGrad(xs, dz, k, stride, padding);
    return bias ? [dx, dw, tf.sum(dz, [0, 1, 2])] : [dx, dw];
  };
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [xi, wi, bi] = args.slice(0, -1) as ConvGradInputs;
    const y = tf.fused.conv2d({ x: xi, filter: wi, strides: stride, pad, bias: bi, activation });
    save([xi, wi, y]);
    return { value: y, gradFunc: backward };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (bias ? op(x, w, bias) : op(x, w)) as tf.Tensor4D;
}
