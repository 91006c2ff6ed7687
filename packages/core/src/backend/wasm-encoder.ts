// A minimal WebAssembly binary encoder: just what the generated GEMM module needs (i32 arithmetic, control
// flow, SIMD loads/stores/arithmetic, an imported memory). Generating the few hundred bytes at run time keeps
// the source of the kernels readable and lets the same code emit an FMA and a mul+add variant.

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 for 32-bit constants. */
function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const I32 = 0x7f;
const V128 = 0x7b;
const SIMD = 0xfd;

/** Instruction builder of one function body. Locals are numbered after the parameters. */
export class FunctionBuilder {
  readonly bytes: number[] = [];
  private readonly locals: number[] = [];

  constructor(readonly paramCount: number) {}

  /** Declares a local of type i32 or v128 and returns its index. */
  local(type: 'i32' | 'v128'): number {
    this.locals.push(type === 'i32' ? I32 : V128);
    return this.paramCount + this.locals.length - 1;
  }

  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }

  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  ltU(): this {
    return this.op(0x49);
  }
  geU(): this {
    return this.op(0x4f);
  }
  eqz(): this {
    return this.op(0x45);
  }
  eq(): this {
    return this.op(0x46);
  }
  /** `block` with no result; branch depth 0 inside it jumps past its end. */
  block(): this {
    return this.op(0x02, 0x40);
  }
  /** `loop` with no result; branch depth 0 inside it jumps to its start. */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  /** Pops c, b, a; pushes a when c is non-zero, else b. */
  select(): this {
    return this.op(0x1b);
  }
  call(index: number): this {
    return this.op(0x10, ...uleb(index));
  }
  f32Load(offset = 0): this {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, 2, ...uleb(offset));
  }
  v128Load(offset = 0): this {
    return this.op(SIMD, ...uleb(0x00), 4, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.op(SIMD, ...uleb(0x0b), 4, ...uleb(offset));
  }
  /** Loads one f32 and broadcasts it to the four lanes. */
  load32Splat(offset = 0): this {
    return this.op(SIMD, ...uleb(0x09), 2, ...uleb(offset));
  }
  v128Zero(): this {
    return this.op(SIMD, ...uleb(0x0c), ...new Array<number>(16).fill(0));
  }
  f32x4Add(): this {
    return this.op(SIMD, ...uleb(0xe4));
  }
  f32x4Mul(): this {
    return this.op(SIMD, ...uleb(0xe6));
  }
  f32x4Max(): this {
    return this.op(SIMD, ...uleb(0xe9));
  }
  /** Relaxed SIMD `f32x4.relaxed_madd` (a·b + c, fused where the CPU has FMA). */
  f32x4RelaxedMadd(): this {
    return this.op(SIMD, ...uleb(0x105));
  }

  /** The encoded body: local declarations (one group per local) and the instructions. */
  encode(): number[] {
    const body = [...uleb(this.locals.length), ...this.locals.flatMap((t) => [1, t]), ...this.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

export interface FunctionDef {
  readonly params: number;
  /** Exported under this name when set. */
  readonly exportName?: string;
  readonly body: FunctionBuilder;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * Encodes a module whose functions take only i32 parameters and return nothing, and which imports its memory
 * as `env.memory` (shared when `sharedMemory`, as the threaded wasm backend's heap is).
 */
export function encodeModule(functions: readonly FunctionDef[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const arities = [...new Set(functions.map((f) => f.params))];
  const types = section(1, [...uleb(arities.length), ...arities.flatMap((n) => [0x60, ...uleb(n), ...new Array<number>(n).fill(I32), 0])]);
  // Limits: flag 3 = shared with a maximum; 0 = minimum only.
  const memoryLimits = sharedMemory ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, ...memoryLimits]);
  const funcs = section(3, [...uleb(functions.length), ...functions.flatMap((f) => uleb(arities.indexOf(f.params)))]);
  const exported = functions.map((f, i) => [f, i] as const).filter(([f]) => f.exportName !== undefined);
  const exports = section(7, [...uleb(exported.length), ...exported.flatMap(([f, i]) => [...name(f.exportName as string), 0x00, ...uleb(i)])]);
  const code = section(10, [...uleb(functions.length), ...functions.flatMap((f) => f.body.encode())]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}
