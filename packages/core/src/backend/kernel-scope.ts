import * as tf from '@tensorflow/tfjs';

/** The parts of the wasm backend that replacement kernels use (tfjs-backend-wasm 4.22 `BackendWasm`). */
export interface WasmBackendLike extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Arguments every kernel function receives. */
export interface KernelArgs<A = tf.NamedAttrMap> {
  readonly inputs: Readonly<Record<string, tf.TensorInfo>>;
  readonly backend: tf.KernelBackend;
  readonly attrs?: A;
}

/**
 * Runs other kernels of one backend from inside a kernel and frees the intermediates it made. Replacement
 * kernels compose registered kernels (Transpose, Conv2D, PadV2, ...) over `TensorInfo`s, below the engine, so
 * nothing is recorded on the gradient tape and nothing is counted as a tensor; whatever is not returned must
 * be released here, which `dispose()` does.
 */
export class KernelScope {
  private readonly made: tf.TensorInfo[] = [];

  constructor(
    readonly backend: tf.KernelBackend,
    readonly backendName: string = 'wasm',
  ) {}

  /** Runs the kernel registered under `name` for this backend; the output is freed by `dispose()` unless kept. */
  run(name: string, inputs: tf.NamedTensorInfoMap, attrs: object = {}): tf.TensorInfo {
    const kernel = tf.getKernel(name, this.backendName);
    if (kernel === undefined) throw new Error(`kernel ${name} is not registered for backend ${this.backendName}`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs: attrs as tf.NamedAttrMap });
    if (Array.isArray(out)) throw new Error(`kernel ${name} returned several outputs; KernelScope.run expects one`);
    this.made.push(out);
    return out;
  }

  /** Tracks a TensorInfo made elsewhere (e.g. by an original kernel function) so `dispose()` frees it. */
  track(info: tf.TensorInfo): tf.TensorInfo {
    this.made.push(info);
    return info;
  }

  /** Takes `info` out of the scope: the caller now owns it (typically the kernel's result). */
  keep(info: tf.TensorInfo): tf.TensorInfo {
    const index = this.made.indexOf(info);
    if (index >= 0) this.made.splice(index, 1);
    return info;
  }

  /** Frees every intermediate still owned by the scope. */
  dispose(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId);
    this.made.length = 0;
  }

  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    return this.run(tf.Transpose, { x }, { perm });
  }

  /** Swaps the last two axes (a matrix transpose of every matrix in a batch). */
  transposeLastTwo(x: tf.TensorInfo): tf.TensorInfo {
    const rank = x.shape.length;
    const perm = [...Array(rank).keys()];
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return this.transpose(x, perm);
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run(tf.Reshape, { x }, { shape });
  }

  pad(x: tf.TensorInfo, paddings: Array<[number, number]>): tf.TensorInfo {
    return this.run(tf.PadV2, { x }, { paddings, constantValue: 0 });
  }

  slice(x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
    return this.run(tf.Slice, { x }, { begin, size });
  }

  /** Reverses axes 0 and 1 of a filter `[fh, fw, a, b]` (the 180-degree rotation of a transposed convolution). */
  flipSpatial(filter: tf.TensorInfo): tf.TensorInfo {
    return this.run(tf.Reverse, { x: filter }, { dims: [0, 1] });
  }

  /**
   * Inserts `sh - 1` zero rows and `sw - 1` zero columns between the rows and columns of an NHWC tensor, the
   * input of a strided transposed convolution. Returns `x` itself when both strides are 1.
   */
  dilateSpatial(x: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
    if (sh === 1 && sw === 1) return x;
    const [n, h, w, c] = x.shape;
    const six = this.reshape(x, [n, h, 1, w, 1, c]);
    const padded = this.pad(six, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    const flat = this.reshape(padded, [n, h * sh, w * sw, c]);
    return this.slice(flat, [0, 0, 0, 0], [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]);
  }

  /**
   * Makes `x` cover rows `[-top, H + bottom)` and columns `[-left, W + right)` of an NHWC tensor: positive
   * amounts pad with zeros, negative ones crop. Used to turn arbitrary convolution padding into the
   * non-negative explicit padding the wasm Conv2D kernel accepts.
   */
  padOrCrop(x: tf.TensorInfo, top: number, bottom: number, left: number, right: number): tf.TensorInfo {
    const [n, h, w, c] = x.shape;
    let out = x;
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      const t = Math.max(0, -top);
      const l = Math.max(0, -left);
      const hh = h - t - Math.max(0, -bottom);
      const ww = w - l - Math.max(0, -right);
      out = this.slice(out, [0, t, l, 0], [n, hh, ww, c]);
    }
    if (top > 0 || bottom > 0 || left > 0 || right > 0) {
      out = this.pad(out, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]]);
    }
    return out;
  }
}
