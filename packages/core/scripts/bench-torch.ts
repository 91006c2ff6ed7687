// Runs the PyTorch twins of the benchmark models (bench_backend_torch.py) with PyTorch's best settings on
// this machine, in a child process so the settings touch nothing else.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, type Summary } from './bench-stats.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'bench_backend_torch.py');

export interface TorchResult {
  readonly train: Summary;
  readonly evaluate: Summary;
  readonly gflops: Summary;
}

/** Environment for torch only: 2 threads that sleep when idle, and OpenBLAS's own kernel choice. */
function torchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: '2' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** True when Debian's python3-torch is importable. */
export function torchAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { env: torchEnv(), stdio: 'ignore' }).status === 0;
}

/** Trains and evaluates one model in PyTorch; samples/s per run, as the tfjs side measures them. */
export function runTorch(model: 'mlp' | 'cnn', batch: number, steps: number, repeats: number, warmup: number): TorchResult {
  const res = spawnSync(PYTHON, [SCRIPT, model, String(batch), String(steps), String(repeats), String(warmup)], { env: torchEnv(), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`PyTorch benchmark failed: ${res.stderr}`);
  const out = JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as { train: number[]; eval: number[]; train_flops_per_sample: number };
  return {
    train: summarize(out.train),
    evaluate: summarize(out.eval),
    gflops: summarize(out.train.map((v) => (v * out.train_flops_per_sample) / 1e9)),
  };
}
