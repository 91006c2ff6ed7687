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
