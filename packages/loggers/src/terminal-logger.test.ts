import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { terminalLogger } from './terminal-logger.js';

describe('terminalLogger', () => {
  it('terminalLogger prints text to one stream and progress lines to another when not a terminal', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const logger = terminalLogger({ stream: { write: (c) => (out.push(c), true) }, progressStream: { isTTY: false, write: (c) => (err.push(c), true) } });
    await driveLogger(logger, fakeRun());
    expect(out[0]).toBe('-- >> Start of training phase << --\n');
    expect(err.filter((l) => l.startsWith('Experience 1, epoch 1: 100% 2/2'))).toHaveLength(1);
    expect(err).toHaveLength(8);
  });
});
