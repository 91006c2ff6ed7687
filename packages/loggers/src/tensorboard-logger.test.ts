import { decodeEvent } from './encode-event.js';
import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { eventFileName, TensorBoardLogger } from './tensorboard-logger.js';

/** Splits TFRecord framing (lengths only; the CRCs are checked by the decoder test in tensorboard-file-logger). */
function records(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 0; pos < bytes.length; ) {
    const n = Number(view.getBigUint64(pos, true));
    out.push(bytes.subarray(pos + 12, pos + 12 + n));
    pos += 16 + n;
  }
  return out;
}

describe('TensorBoardLogger', () => {
  it('writes the version event, then one event per value at step xPlot', async () => {
    const chunks: Uint8Array[] = [];
    await driveLogger(new TensorBoardLogger({ write: (b) => chunks.push(b), now: () => 10 }), fakeRun());
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((o, c) => (all.set(c, o), o + c.length), 0);
    const events = records(all).map(decodeEvent);
    expect(events[0]).toEqual({ wallTime: 10, fileVersion: 'brain.Event:2' });
    expect(events).toHaveLength(1 + 40);
    expect(events).toContainEqual({
      wallTime: 10,
      step: 8,
      summary: { value: [{ tag: 'StreamForgetting/eval_phase/test_stream', simpleValue: expect.closeTo(0.3, 6) }] },
    });
  });

  it('writes dict values as one scalar per key, vectors as histograms and matrices as PNG images', () => {
    const chunks: Uint8Array[] = [];
    const logger = new TensorBoardLogger({ write: (b) => chunks.push(b), now: () => 0, cellSize: 2 });
    logger.logMetrics([
      { origin: 'c', name: 'Top1_ClassAcc_Stream/eval_phase/test_stream', value: { 0: 0.5, 1: 1 }, xPlot: 1 },
      { origin: 'v', name: 'Vec', value: [1, 2, 3], xPlot: 2 },
      { origin: 'm', name: 'Mat', value: [[1, 0, 0], [0, 1, 0]], xPlot: 3 },
    ]);
    const [, a, b, v, m] = chunks.map((c) => decodeEvent(records(c)[0]));
    const value = (e: Record<string, unknown>) => (e.summary as { value: Record<string, unknown>[] }).value[0];
    expect(value(a)).toEqual({ tag: 'Top1_ClassAcc_Stream/eval_phase/test_stream/0', simpleValue: 0.5 });
    expect(value(b)).toEqual({ tag: 'Top1_ClassAcc_Stream/eval_phase/test_stream/1', simpleValue: 1 });
    expect(value(v).histo).toMatchObject({ min: 1, max: 3, num: 3, sum: 6, sumSquares: 14 });
    const image = value(m).image as { height: number; width: number; colorspace: number; encodedImageString: number[] };
    expect([image.height, image.width, image.colorspace]).toEqual([4, 6, 4]);
    expect(image.encodedImageString.slice(1, 4)).toEqual([80, 78, 71]); // "PNG"
    expect(m.step).toBe(3);
  });

  it('names files as TensorBoard does', () => {
    expect(eventFileName(1700000000.9, 'host', '.v1')).toBe('events.out.tfevents.1700000000.host.v1');
  });
});
