import { encodeModule, FunctionBuilder, type FunctionDef } from './wasm-encoder.js';

/**
 * Rows of C one micro-kernel call computes: 3 with FMA; 2 without, as mul+add needs one more register for
 * the product and 3 rows would spill.
 */
function microRows(fma: boolean): number {
  return fma ? 3 : 2;
}
/** Columns of C one micro-kernel call computes (three 4-lane vectors): the width of a packed B panel. */
export const GEMM_NR = 12;
/** Bytes of one packed B panel row. */
const PANEL_ROW_BYTES = GEMM_NR * 4;

/**
 * Why 3 x 12: V8 keeps about 13 v128 values in registers in a loop; 9 accumulators + 3 B vectors + the
 * broadcast A value fit, while 4 x 12 or 6 x 8 spill and run at half speed. With relaxed-SIMD FMA this tile
 * reached ~46 GFLOP/s per core on the development machine against ~34 for the stock XNNPACK kernel.
 */
function kernel(rows: number, fma: boolean): FunctionBuilder {
  // Parameters (byte addresses and strides): a, aRowStride, aKStride, panel, c, ldc, k, cols, bias, relu, scratch.
  const f = new FunctionBuilder(11);
  const [a, ars, aks, bp, c, ldc, k, cols, bias, relu, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const acc = Array.from({ length: rows }, () => [f.local('v128'), f.local('v128'), f.local('v128')]);
  const bv = [f.local('v128'), f.local('v128'), f.local('v128')];
  const av = f.local('v128');
  const end = f.local('i32');
  const j = f.local('i32');
  // `a` walks along the tile's first row; the other rows are one and two row strides further.
  const ars2 = f.local('i32');
  f.get(ars).get(ars).add().set(ars2);
  f.get(bp).get(k).i32(PANEL_ROW_BYTES).mul().add().set(end);
  f.loop();
  for (let h = 0; h < 3; h++) f.get(bp).v128Load(h * 16).set(bv[h]);
  for (let r = 0; r < rows; r++) {
    f.get(a);
    if (r === 1) f.get(ars).add();
    if (r === 2) f.get(ars2).add();
    f.load32Splat().set(av);
    for (let h = 0; h < 3; h++) {
      if (fma) f.get(av).get(bv[h]).get(acc[r][h]).f32x4RelaxedMadd().set(acc[r][h]);
      else f.get(acc[r][h]).get(av).get(bv[h]).f32x4Mul().f32x4Add().set(acc[r][h]);
    }
  }
  f.get(a).get(aks).add().set(a);
  f.get(bp).i32(PANEL_ROW_BYTES).add().set(bp);
  f.get(bp).get(end).ltU().brIf(0);
  f.end();
  // Epilogue: bias (a padded panel of it), then ReLU.
  f.get(bias).if();
  for (let r = 0; r < rows; r++) for (let h = 0; h < 3; h++) f.get(acc[r][h]).get(bias).v128Load(h * 16).f32x4Add().set(acc[r][h]);
  f.end();
  f.get(relu).if();
  for (let r = 0; r < rows; r++) for (let h = 0; h < 3; h++) f.get(acc[r][h]).v128Zero().f32x4Max().set(acc[r][h]);
  f.end();
  // A full tile is stored directly; the last, narrower panel goes through the scratch tile, column by column.
  f.get(cols).i32(GEMM_NR).eq().if();
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < 3; h++) {
      f.get(c);
      if (r > 0) f.get(ldc).i32(r).mul().add();
      f.get(acc[r][h]).v128Store(h * 16);
    }
  }
  f.else();
  for (let r = 0; r < rows; r++) for (let h = 0; h < 3; h++) f.get(scratch).get(acc[r][h]).v128Store(r * PANEL_ROW_BYTES + h * 16);
  for (let r = 0; r < rows; r++) {
    f.i32(0).set(j);
    f.block().loop();
    f.get(j).get(cols).geU().brIf(1);
    f.get(c).get(j).i32(4).mul().add();
    if (r > 0) f.get(ldc).i32(r).mul().add();
    f.get(scratch).get(j).i32(4).mul().add().f32Load(r * PANEL_ROW_BYTES);
    f.f32Store();
    f.get(j).i32(1).add().set(j);
    f.br(0);
    f.end().end();
  }
  f.end();
  return f;
}

/**
 * Packs `cols` (<= 12) columns of B into one panel: row kk of the panel holds B[kk][0..12), zero-padded. B is
 * read through strides (bytes), so a transposed B is packed by the same code.
 */
function packPanel(): FunctionBuilder {
  // Parameters: src, bKStride, bColStride, dst, k, cols.
  const f = new FunctionBuilder(6);
  const [src, bks, bcs, dst, k, cols] = [0, 1, 2, 3, 4, 5];
  const end = f.local('i32');
  const j = f.local('i32');
  f.get(dst).get(k).i32(PANEL_ROW_BYTES).mul().add().set(end);
  f.get(cols).i32(GEMM_NR).eq().get(bcs).i32(4).eq().mul().if();
  // Contiguous full rows: three vector copies per row.
  f.loop();
  for (let h = 0; h < 3; h++) f.get(dst).get(src).v128Load(h * 16).v128Store(h * 16);
  f.get(src).get(bks).add().set(src);
  f.get(dst).i32(PANEL_ROW_BYTES).add().set(dst);
  f.get(dst).get(end).ltU().brIf(0);
  f.end();
  f.else();
  f.loop();
  for (let h = 0; h < 3; h++) f.get(dst).v128Zero().v128Store(h * 16);
  f.i32(0).set(j);
  f.block().loop();
  f.get(j).get(cols).geU().brIf(1);
  f.get(dst).get(j).i32(4).mul().add();
  f.get(src).get(j).get(bcs).mul().add().f32Load();
  f.f32Store();
  f.get(j).i32(1).add().set(j);
  f.br(0);
  f.end().end();
  f.get(src).get(bks).add().set(src);
  f.get(dst).i32(PANEL_ROW_BYTES).add().set(dst);
  f.get(dst).get(end).ltU().brIf(0);
  f.end();
  f.end();
  return f;
}

/**
 * dst[cols x rows] = transpose(src[rows x cols]), in 8 x 8 blocks so that both sides stay in cache. tfjs's
 * wasm Transpose kernel takes ~4 ns per element; the engine transposes a transposed A with this instead.
 */
function transpose(): FunctionBuilder {
  // Parameters: src, rows, cols, dst.
  const f = new FunctionBuilder(4);
  const [src, rows, cols, dst] = [0, 1, 2, 3];
  const [rb, cb, r, c, rEnd, cEnd] = [f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32')];
  const min8 = (start: number, limit: number, target: number) => {
    f.get(start).i32(8).add().get(limit).get(start).i32(8).add().get(limit).ltU().select().set(target);
  };
  const forRange = (index: number, from: () => void, end: number, step: number, body: () => void) => {
    from();
    f.set(index);
    f.block().loop();
    f.get(index).get(end).geU().brIf(1);
    body();
    f.get(index).i32(step).add().set(index);
    f.br(0);
    f.end().end();
  };
  forRange(rb, () => f.i32(0), rows, 8, () => {
    min8(rb, rows, rEnd);
    forRange(cb, () => f.i32(0), cols, 8, () => {
      min8(cb, cols, cEnd);
      forRange(r, () => f.get(rb), rEnd, 1, () => {
        forRange(c, () => f.get(cb), cEnd, 1, () => {
          f.get(dst).get(c).get(rows).mul().get(r).add().i32(4).mul().add();
          f.get(src).get(r).get(cols).mul().get(c).add().i32(4).mul().add().f32Load();
          f.f32Store();
        });
      });
    });
  });
  return f;
}

/** Parameters of the exported `gemm`, in order (all byte addresses/strides or counts). */
export const GEMM_PARAMS = [
  'a',
  'aRowStride',
  'aKStride',
  'bSource',
  'bKStride',
  'bColStride',
  'packed',
  'pack',
  'c',
  'ldc',
  'm',
  'k',
  'n',
  'panelBegin',
  'panelEnd',
  'bias',
  'relu',
  'scratch',
] as const;

/**
 * C[m x n] = act(A[m x k] · B[k x n] + bias) over the panels [panelBegin, panelEnd) of C's columns, so that
 * threads can split one product by panels. Each panel of B is packed first when `pack` is set (else `packed`
 * already holds it), then multiplied with every row tile of A. A and B are read through strides, which covers
 * transposed operands; C is row-major with row stride `ldc`.
 */
function gemm(mr: number): FunctionBuilder {
  const f = new FunctionBuilder(GEMM_PARAMS.length);
  const p = Object.fromEntries(GEMM_PARAMS.map((name, i) => [name, i])) as Record<(typeof GEMM_PARAMS)[number], number>;
  const panel = f.local('i32');
  const panelAddr = f.local('i32');
  const colStart = f.local('i32');
  const cols = f.local('i32');
  const biasPanel = f.local('i32');
  const i = f.local('i32');
  const rows = f.local('i32');
  f.get(p.panelBegin).set(panel);
  f.block().loop();
  f.get(panel).get(p.panelEnd).geU().brIf(1);
  f.get(p.packed).get(panel).get(p.k).mul().i32(PANEL_ROW_BYTES).mul().add().set(panelAddr);
  f.get(panel).i32(GEMM_NR).mul().set(colStart);
  f.get(p.n).get(colStart).sub().set(cols);
  f.i32(GEMM_NR).get(cols).ltU().if().i32(GEMM_NR).set(cols).end();
  f.get(p.pack).if();
  f.get(p.bSource).get(colStart).get(p.bColStride).mul().add().get(p.bKStride).get(p.bColStride).get(panelAddr).get(p.k).get(cols).call(mr);
  f.end();
  f.i32(0).set(biasPanel);
  f.get(p.bias).if().get(p.bias).get(panel).i32(PANEL_ROW_BYTES).mul().add().set(biasPanel).end();
  f.i32(0).set(i);
  f.block().loop();
  f.get(i).get(p.m).geU().brIf(1);
  f.get(p.m).get(i).sub().set(rows);
  f.i32(mr).get(rows).ltU().if().i32(mr).set(rows).end();
  const args = () => {
    f.get(p.a).get(i).get(p.aRowStride).mul().add().get(p.aRowStride).get(p.aKStride).get(panelAddr);
    f.get(p.c).get(i).get(p.ldc).mul().add().get(colStart).i32(4).mul().add();
    f.get(p.ldc).get(p.k).get(cols).get(biasPanel).get(p.relu).get(p.scratch);
  };
  // rows is 1..mr; function r - 1 handles r rows.
  for (let r = mr; r > 1; r--) {
    f.get(rows).i32(r).eq().if();
    args();
    f.call(r - 1);
    f.else();
  }
  args();
  f.call(0);
  for (let r = mr; r > 1; r--) f.end();
  f.get(i).i32(mr).add().set(i);
  f.br(0);
  f.end().end();
  f.get(panel).i32(1).add().set(panel);
  f.br(0);
  f.end().end();
  return f;
}

/** The GEMM module's bytes: `gemm` and `transpose` exported, memory imported as `env.memory`. */
export function gemmModuleBytes(options: { fma: boolean; sharedMemory: boolean }): Uint8Array<ArrayBuffer> {
  const mr = microRows(options.fma);
  // Functions 0..mr-1: the kernels for 1..mr rows; then the packer (called as function mr) and gemm.
  const functions: FunctionDef[] = [
    ...Array.from({ length: mr }, (_, r) => ({ params: 11, body: kernel(r + 1, options.fma) })),
    { params: 6, body: packPanel() },
    { params: GEMM_PARAMS.length, exportName: 'gemm', body: gemm(mr) },
    { params: 4, exportName: 'transpose', body: transpose() },
  ];
  return encodeModule(functions, options.sharedMemory);
}

/** Whether this engine accepts relaxed-SIMD FMA (Node 20 only behind --experimental-wasm-relaxed-simd). */
export function relaxedSimdSupported(wasm: typeof WebAssembly = WebAssembly): boolean {
  try {
    return wasm.validate(gemmModuleBytes({ fma: true, sharedMemory: false }));
  } catch {
    return false;
  }
}
