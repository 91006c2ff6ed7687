// The README's example, kept runnable: `npx tsx scripts/readme-example.ts` (after `pnpm build`).
import type { Logger, MetricValue } from '@avalanche-ts/core';
import { InteractiveLogger, InMemoryLogger } from '@avalanche-ts/loggers';
import { csvFileLogger, htmlReportLogger, tensorboardFileLogger } from '@avalanche-ts/loggers/node';

const loggers: Logger[] = [
  new InteractiveLogger(), // text + progress lines; terminalLogger() from /node draws cli-progress bars
  csvFileLogger({ logFolder: 'runs/demo/csvlogs' }),
  tensorboardFileLogger({ logDir: 'runs/demo/tb' }), // tensorboard --logdir runs/demo/tb
  htmlReportLogger({ outDir: 'runs/demo/report', config: { strategy: 'naive', lr: 0.01 } }),
  new InMemoryLogger(),
];

// The evaluation plugin does this for you: values named in Avalanche's convention, then the hook.
const context = { isTraining: false, experience: { currentExperience: 0, streamName: 'test', taskLabels: [0] } } as never;
const values: MetricValue[] = [
  { origin: 'ExperienceAccuracy', name: 'Top1_Acc_Exp/eval_phase/test_stream/Task000/Exp000', value: 0.91, xPlot: 100 },
  { origin: 'ExperienceLoss', name: 'Loss_Exp/eval_phase/test_stream/Task000/Exp000', value: 0.27, xPlot: 100 },
];
for (const logger of loggers) {
  logger.beforeEval?.(context, {} as never);
  logger.logMetrics(values);
  logger.afterEvalExp?.(context, {} as never);
  await logger.close?.();
}
console.log('wrote runs/demo/{csvlogs,tb,report}');
