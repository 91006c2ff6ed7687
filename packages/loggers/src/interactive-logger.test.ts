import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { InteractiveLogger } from './interactive-logger.js';
import { lineProgress, type ProgressFactory } from './line-progress.js';

describe('InteractiveLogger', () => {
  it('runs one bar per training epoch and per evaluated experience, sized by the data loader', async () => {
    const events: string[] = [];
    const progress: ProgressFactory = (label, total) => {
      events.push(`start ${label} /${total}`);
      return { increment: () => events.push('+1'), stop: () => events.push('stop') };
    };
    const lines: string[] = [];
    await driveLogger(new InteractiveLogger({ write: (l) => lines.push(l), progress }), fakeRun());
    expect(events.slice(0, 8)).toEqual([
      'start Experience 0, epoch 0 /2', '+1', '+1', 'stop',
      'start Experience 0, epoch 1 /2', '+1', '+1', 'stop',
    ]);
    expect(events).toContain('start Eval experience 1 (test stream) /1');
    // 2 experiences x (2 epochs + 2 eval experiences).
    expect(events.filter((e) => e === 'stop')).toHaveLength(8);
    expect(events.filter((e) => e === '+1')).toHaveLength(2 * (2 * 2 + 2));
    expect(lines).toContain('Epoch 1 ended.');
  });

  it('prints bars as plain lines by default, each before the text of its epoch', async () => {
    const lines: string[] = [];
    await driveLogger(new InteractiveLogger({ write: (l) => lines.push(l) }), fakeRun());
    const bar = lines.findIndex((l) => l.startsWith('Experience 0, epoch 0: 100% 2/2 ['));
    expect(bar).toBeGreaterThan(0);
    expect(lines[bar + 1]).toBe('Epoch 0 ended.');
    expect(lines.some((l) => /^Eval experience 0 \(test stream\): 100% 1\/1 \[/.test(l))).toBe(true);
  });

  it('stops a running bar on close', () => {
    const lines: string[] = [];
    const logger = new InteractiveLogger({ write: (l) => lines.push(l), progress: lineProgress({ write: (l) => lines.push(l), now: () => 0 }) });
    logger.beforeTrainingEpoch({ experience: { currentExperience: 3 }, clock: { trainExpEpochs: 1 }, dataLoader: { length: 5 } } as never);
    logger.afterTrainingIteration();
    logger.close();
    expect(lines).toEqual(['Experience 3, epoch 1: 20% 1/5 [00:00<?, ? it/s]']);
  });
});
