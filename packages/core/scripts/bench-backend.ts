// `pnpm bench:backend`: training and evaluation throughput of SimpleMLP and SimpleCNN on every available
// TensorFlow.js backend (and the stock, unpatched wasm backend with --stock), next to the same models in
// PyTorch when /usr/bin/python3 has torch. Prints one table. A script, not a test: figures are noisy on a
// shared machine, so it reports medians of several runs with their range, ratios measured in the same run,
// and the load average before and after.
//
//   npx tsx scripts/bench-backend.ts [--quick] [--repeats N] [--backends wasm,cpu] [--no-torch] [--stock] [--xnnpack] [--cpu-all] [--threads N]
// (--cpu-all adds SimpleCNN on the pure-JS cpu backend: minutes per cell. --xnnpack adds `wasm-xnnpack`: the
// patched wasm backend with its matrix products left to XNNPACK instead of core's GEMM engine, same process.
// `wasm-stock` runs tfjs's own kernels, though on the threaded build with the shortened pool spin.)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/init-backend.js';
import { removeWasmPatches, applyWasmPatches } from '../src/backend/wasm-patches.js';
import { getWasmGemm, setWasmGemm, type WasmGemm } from '../src/backend/wasm-gemm.js';
import { Rng } from '../src/rng.js';
import { simpleCnn, simpleMlp, type BenchModel } from './bench-models.js';
import { formatTable, summarize, type Summary } from './bench-stats.js';
import { runTorch, torchAvailable, type TorchResult } from './bench-torch.js';

interface Config {
  readonly model: 'mlp' | 'cnn';
  readonly batch: number;
}

const CONFIGS: Config[] = [
  { model: 'mlp', batch: 32 },
  { model: 'mlp', batch: 128 },
  { model: 'mlp', batch: 256 },
  { model: 'cnn', batch: 32 },
  { model: 'cnn', batch: 128 },
];

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const quick = flag('--quick');
const repeats = Number(option('--repeats', quick ? '3' : '5'));
const warmup = quick ? 1 : 2;
// wasm threads (default: one per core under Node, see initBackend); --threads 1 measures the single-threaded build.
const wasmThreads = args.includes('--threads') ? Number(option('--threads', '1')) : undefined;

/** Steps per timed run: enough for ~0.5-2 s on patched wasm; the pure-JS cpu backend gets fewer. */
function stepsFor(cfg: Config, backend: string): number {
  const base = cfg.model === 'mlp' ? (cfg.batch >= 256 ? 10 : 20) : cfg.batch >= 128 ? 2 : 5;
  const scaled = backend === 'cpu' || backend === 'wasm-stock' ? Math.max(1, Math.round(base / (cfg.model === 'cnn' ? 5 : 4))) : base;
  return quick ? Math.max(1, Math.ceil(scaled / 2)) : scaled;
}

function makeModel(cfg: Config, rng: Rng): BenchModel {
  return cfg.model === 'mlp' ? simpleMlp(rng) : simpleCnn(rng);
}

interface Measured {
  readonly train: Summary;
  readonly evaluate: Summary;
  readonly gflops: Summary;
}

/** Trains `steps` SGD steps per run (after warm-up) and evaluates as many batches; samples/s per run. */
async function measure(cfg: Config, backend: string): Promise<Measured> {
  const rng = new Rng(1234);
  const model = makeModel(cfg, rng);
  const size = model.sampleShape.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(cfg.batch * size).map(() => rng.next());
  const ys = new Float32Array(cfg.batch * model.classes);
  for (let i = 0; i < cfg.batch; i++) ys[i * model.classes + rng.int(model.classes)] = 1;
  const x = tf.tensor(xs, [cfg.batch, ...model.sampleShape]);
  const y = tf.tensor2d(ys, [cfg.batch, model.classes]);
  const optimizer = tf.train.sgd(0.01);
  const trainStep = () => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(x, true)) as tf.Scalar, true, model.variables);
  const evalStep = () => tf.tidy(() => model.forward(x, false).argMax(1));
  const steps = stepsFor(cfg, backend);
  const train: number[] = [];
  const evaluate: number[] = [];
  const run = async (fn: () => tf.Tensor | null, n: number) => {
    const t0 = performance.now();
    for (let s = 0; s < n; s++) {
      const out = fn();
      if (s === n - 1 && out) await out.data();
      out?.dispose();
    }
    return (performance.now() - t0) / 1000;
  };
  // Warm up for at least `warmup` steps and 1 s each: V8 first runs wasm on its baseline compiler and tiers
  // hot functions up in the background, which takes seconds on a loaded machine.
  for (const fn of [trainStep, evalStep]) {
    const t0 = performance.now();
    for (let i = 0; i < warmup || performance.now() - t0 < (quick ? 300 : 1000); i++) await run(fn, 1);
  }
  for (let r = 0; r < repeats; r++) {
    train.push((steps * cfg.batch) / (await run(trainStep, steps)));
    evaluate.push((steps * cfg.batch) / (await run(evalStep, steps)));
  }
  const flopsPerSample = 2 * model.trainMacs;
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { train: summarize(train), evaluate: summarize(evaluate), gflops: summarize(train.map((v) => (v * flopsPerSample) / 1e9)) };
}

/** The GEMM engine while `wasm-xnnpack` runs without it. */
let detachedGemm: WasmGemm | undefined;

async function activate(backend: string): Promise<boolean> {
  try {
    if (detachedGemm !== undefined) {
      setWasmGemm(tf.findBackend('wasm') as object, detachedGemm);
      detachedGemm = undefined;
    }
    if (backend === 'wasm-xnnpack') {
      await initBackend({ backend: 'wasm', wasmThreads });
      applyWasmPatches();
      detachedGemm = getWasmGemm(tf.backend());
      setWasmGemm(tf.backend(), undefined);
    } else if (backend === 'wasm-stock') {
      await initBackend({ backend: 'wasm', patchWasm: false, wasmThreads });
      removeWasmPatches();
    } else {
      const report = await initBackend({ backend: backend as 'wasm' | 'cpu' | 'node' | 'node-gpu', wasmThreads });
      if (backend === 'wasm') {
        applyWasmPatches();
        console.log(`  wasm: ${report.wasmThreads} thread(s)${report.wasmThreadsNote ? ` (${report.wasmThreadsNote})` : ''}`);
        const gemm = report.wasmGemm ? `${report.wasmGemm.kernels} kernels, ${report.wasmGemm.threads} threads` : `off${report.wasmGemmNote ? ` (${report.wasmGemmNote})` : ''}`;
        console.log(`  wasm GEMM engine: ${gemm}`);
      }
    }
    return true;
  } catch (error) {
    console.log(`  ${backend}: not available (${error instanceof Error ? error.message : String(error)})`);
    return false;
  }
}

async function main(): Promise<void> {
  const load0 = loadavg();
  const nodeBackends = ['node-gpu', 'node'].filter((b) => spawnSync(process.execPath, ['-e', `require.resolve('@tensorflow/tfjs-${b === 'node' ? 'node' : 'node-gpu'}')`]).status === 0);
  const backends = option('--backends', [...nodeBackends, 'wasm', 'cpu'].join(',')).split(',');
  if (flag('--stock') && !backends.includes('wasm-stock')) backends.splice(backends.indexOf('wasm') + 1, 0, 'wasm-stock');
  if (flag('--xnnpack') && !backends.includes('wasm-xnnpack')) backends.splice(backends.indexOf('wasm') + 1, 0, 'wasm-xnnpack');
  const withTorch = !flag('--no-torch') && torchAvailable();
  console.log(`bench:backend  tfjs ${tf.version_core}, node ${process.version}, ${repeats} runs per cell (median [min-max]), load average ${load0.map((v) => v.toFixed(2)).join(' ')}`);
  console.log(`backends: ${backends.join(', ')}; PyTorch: ${withTorch ? 'yes (2 threads, OMP_WAIT_POLICY=PASSIVE)' : 'no'}`);
  const rows: string[][] = [];
  const torch = new Map<string, TorchResult>();
  for (const cfg of CONFIGS) {
    const key = `${cfg.model}-${cfg.batch}`;
    if (withTorch) {
      const t = runTorch(cfg.model, cfg.batch, stepsFor(cfg, 'wasm'), repeats, warmup);
      torch.set(key, t);
      rows.push([cfg.model === 'mlp' ? 'SimpleMLP' : 'SimpleCNN', String(cfg.batch), 'pytorch', t.train.text, t.evaluate.text, t.gflops.text, '1.00', '1.00']);
      console.log(`  ${rows[rows.length - 1].join(' | ')}`);
    }
    for (const backend of backends) {
      if (backend === 'cpu' && cfg.model === 'cnn' && !flag('--cpu-all')) {
        rows.push(['SimpleCNN', String(cfg.batch), backend, 'skipped: pure JS, minutes per cell (--cpu-all)', '', '', '', '']);
        continue;
      }
      // Stock wasm is shown where it makes the point (dense backprop; the missing conv gradient), not everywhere.
      if (backend === 'wasm-stock' && cfg.batch !== (cfg.model === 'mlp' ? 128 : 32)) continue;
      if (!(await activate(backend))) continue;
      const name = cfg.model === 'mlp' ? 'SimpleMLP' : 'SimpleCNN';
      let m: Measured;
      try {
        m = await measure(cfg, backend);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const missing = /Kernel '(\w+)' not registered/.exec(message);
        rows.push([name, String(cfg.batch), backend, `fails: ${missing ? `kernel ${missing[1]} missing` : message.split('\n')[0].slice(0, 60)}`, '', '', '', '']);
        console.log(`  ${rows[rows.length - 1].join(' | ')}`);
        continue;
      }
      const t = torch.get(key);
      const ratio = (a: Summary, b: Summary | undefined) => (b ? (a.median / b.median).toFixed(2) : '');
      rows.push([name, String(cfg.batch), backend, m.train.text, m.evaluate.text, m.gflops.text, ratio(m.train, t?.train), ratio(m.evaluate, t?.evaluate)]);
      // Each row as soon as it is measured, so a long run that is stopped still shows what it measured.
      console.log(`  ${rows[rows.length - 1].join(' | ')}`);
    }
  }
  console.log(formatTable(['model', 'batch', 'backend', 'train samples/s', 'eval samples/s', 'train GFLOP/s', 'train/torch', 'eval/torch'], rows));
  const load1 = loadavg();
  console.log(`load average after: ${load1.map((v) => v.toFixed(2)).join(' ')} (2 cores, shared)`);
}

await main();
