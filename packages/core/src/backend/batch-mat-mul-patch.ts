import * as tf from '@tensorflow/tfjs';
import { KernelScope, type KernelArgs } from './kernel-scope.js';
import type { WasmKernelPatch } from './wasm-kernel-patch.js';
import { tryWasmGemm } from './wasm-gemm.js';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  [key: string]: unknown;
}

/**
 * Wraps a matMul-like kernel so that transposed operands are transposed explicitly first: the wasm C++
 * kernel hands the product to XNNPACK only when neither operand is transposed and otherwise runs a scalar
 * loop. Both backprop products of a dense layer (dW = xᵀ·dy, dx = dy·Wᵀ) are transposed, so this is where
 * dense training spends its time. A transpose is O(size) while the product is O(m·n·k).
 */
function untransposed(original: tf.KernelFunc | undefined, kernelName: string): tf.KernelFunc {
  if (original === undefined) throw new Error(`${kernelName} is missing from the wasm backend`);
  return (args) => {
    const viaEngine = tryWasmGemm(args);
    if (viaEngine !== undefined) return viaEngine;
    const { inputs, backend } = args as unknown as KernelArgs<MatMulAttrs>;
    const attrs = (args.attrs ?? {}) as MatMulAttrs;
    const { a, b } = inputs;
    const eligible = (attrs.transposeA || attrs.transposeB) && a.dtype === 'float32' && b.dtype === 'float32' && a.shape.length >= 2 && b.shape.length >= 2;
    if (!eligible) return original(args);
    const scope = new KernelScope(backend);
    try {
      const a2 = attrs.transposeA ? scope.transposeLastTwo(a) : a;
      const b2 = attrs.transposeB ? scope.transposeLastTwo(b) : b;
      return original({ ...args, inputs: { ...inputs, a: a2, b: b2 }, attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap });
    } finally {
      scope.dispose();
    }
  };
}

/**
 * `BatchMatMul`: on the wasm GEMM engine where one runs (threaded build under Node, see tryWasmGemm), else
 * with transposed operands made explicit so XNNPACK runs (dense-layer backprop ~8x faster).
 */
export const batchMatMulPatch: WasmKernelPatch = {
  kernelName: tf.BatchMatMul,
  why: 'transposeA/transposeB fall into a scalar loop; use the FMA GEMM engine or transpose explicitly so XNNPACK runs',
  make: (original) => untransposed(original, tf.BatchMatMul),
};

/** `_FusedMatMul` (matMul + bias + activation, used by tf.layers Dense) with the same fix. */
export const fusedMatMulPatch: WasmKernelPatch = {
  kernelName: tf._FusedMatMul,
  why: batchMatMulPatch.why,
  make: (original) => untransposed(original, tf._FusedMatMul),
};
