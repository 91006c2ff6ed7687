import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@avalanche-ts/core';
import { driveLogger, fakeRun } from './fake-run.fixture.js';
import { tensorboardFileLogger } from './tensorboard-file-logger.js';

// The file is checked with tools that share no code with the writer: Python's `crc32c` module verifies
// the framing and every masked CRC, Debian's `protoc --decode_raw` decodes every Event.
const SPLIT_RECORDS = `
import sys, struct, crc32c
def masked(b):
    c = crc32c.crc32c(b)
    return ((((c >> 15) | (c << 17)) & 0xffffffff) + 0xa282ead8) & 0xffffffff
data = open(sys.argv[1], 'rb').read()
pos = 0
while pos < len(data):
    header = data[pos:pos+8]
    n, = struct.unpack('<Q', header)
    len_crc, = struct.unpack('<I', data[pos+8:pos+12])
    body = data[pos+12:pos+12+n]
    body_crc, = struct.unpack('<I', data[pos+12+n:pos+16+n])
    if masked(header) != len_crc or masked(body) != body_crc:
        sys.exit('bad crc in record at byte %d' % pos)
    print(body.hex())
    pos += 16 + n
`;

function toolsMissing(): string | undefined {
  if (spawnSync('protoc', ['--version']).status !== 0) return 'protoc (Debian protobuf-compiler) is not installed';
  if (spawnSync('/usr/bin/python3', ['-c', 'import crc32c']).status !== 0) return 'python3-crc32c is not installed';
  return undefined;
}

const missing = toolsMissing();
const maybe = missing === undefined ? it : it.skip;
if (missing !== undefined) console.warn(`SKIPPED TensorBoard decoder check: ${missing}`);

interface Decoded {
  readonly text: string;
  readonly step: number;
  readonly tag?: string;
}

function decodeFile(path: string): Decoded[] {
  const hex = execFileSync('/usr/bin/python3', ['-c', SPLIT_RECORDS, path]).toString().trim().split('\n');
  return hex.map((h) => {
    const text = execFileSync('protoc', ['--decode_raw'], { input: Buffer.from(h, 'hex') }).toString();
    const step = /^2: (\d+)$/m.exec(text);
    const tag = /^ {4}1: "(.*)"$/m.exec(text);
    return { text, step: step ? Number(step[1]) : 0, ...(tag ? { tag: tag[1] } : {}) };
  });
}

const fixed32ToFloat = (hex: string) => {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, Number.parseInt(hex, 16));
  return view.getFloat32(0);
};

describe('tensorboardFileLogger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  maybe('writes event files whose CRCs, tags, steps and values an independent decoder reads', async () => {
    const logger = tensorboardFileLogger({ logDir: dir, now: () => 1700000000.25 });
    const steps = fakeRun({ taskIncremental: true });
    await driveLogger(logger, steps);
    logger.logMetrics([
      { origin: 'cm', name: 'ConfusionMatrix_Stream/eval_phase/test_stream', value: [[3, 1], [0, 4]], xPlot: 8 },
      { origin: 'w', name: 'Weights/train_phase/train_stream', value: [0, 1, 2, 3, 4], xPlot: 8 },
    ]);
    await logger.close();
    expect(readdirSync(dir)).toEqual([`events.out.tfevents.1700000000.${hostname()}`]);

    const events = decodeFile(logger.path);
    expect(events[0].text).toContain('3: "brain.Event:2"');
    expect(events[0].text).toMatch(/^1: 0x41d954fc40100000$/m); // wall_time 1700000000.25 as a double
    const expected = steps.flatMap((s) => s.values.map((v) => ({ tag: v.name, step: v.xPlot })));
    expected.push({ tag: 'ConfusionMatrix_Stream/eval_phase/test_stream', step: 8 }, { tag: 'Weights/train_phase/train_stream', step: 8 });
    expect(events.slice(1).map((e) => ({ tag: e.tag, step: e.step }))).toEqual(expected);

    const accuracy = [...events].reverse().find((e) => e.tag === 'Top1_Acc_Exp/eval_phase/test_stream/Task001/Exp001')!;
    expect(accuracy.step).toBe(8);
    expect(fixed32ToFloat(/^ {4}2: 0x([0-9a-f]{8})$/m.exec(accuracy.text)![1])).toBeCloseTo(0.95, 6);

    const image = events.at(-2)!.text;
    // Summary.Value.image (field 4): height 48, width 48, colorspace 4, a PNG in encoded_image_string.
    expect(image).toMatch(/ {4}4 \{\n {6}1: 48\n {6}2: 48\n {6}3: 4\n {6}4: "\\211PNG/);
    const histogram = events.at(-1)!.text;
    // Summary.Value.histo (field 5): min 0 (omitted), max 4.0, num 5.0, sum 10.0, sum_squares 30.0.
    expect(histogram).toContain('2: 0x4010000000000000');
    expect(histogram).toContain('3: 0x4014000000000000');
    expect(histogram).toContain('4: 0x4024000000000000');
    expect(histogram).toContain('5: 0x403e000000000000');
  });

  it('validates its options', () => {
    expect(() => tensorboardFileLogger({ logDir: '' })).toThrow(ValidationError);
    expect(() => tensorboardFileLogger({ logDir: dir, histogramBuckets: 0 })).toThrow(/histogramBuckets/);
  });
});
