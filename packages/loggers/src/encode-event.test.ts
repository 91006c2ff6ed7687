import { decodeEvent, encodeEvent } from './encode-event.js';

describe('encodeEvent', () => {
  it('writes the field numbers of event.proto and summary.proto', () => {
    // Event{wall_time=1 (double, tag 0x09), step=3 (varint, tag 0x10), file_version="x" (tag 0x1a)}
    const bytes = encodeEvent({ wallTime: 1, step: 3, fileVersion: 'x' });
    expect(Array.from(bytes)).toEqual([0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 3, 0x1a, 1, 0x78]);
  });

  // proto3 leaves zero-valued fields out, so the example avoids zeros.
  it('round-trips scalars and histograms', () => {
    const event = {
      wallTime: 2.5,
      step: 7,
      summary: {
        value: [
          { tag: 'a', simpleValue: 0.5 },
          { tag: 'h', histo: { min: -1, max: 1, num: 3, sum: 1, sumSquares: 3, bucketLimit: [0, 1], bucket: [1, 2] } },
        ],
      },
    };
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });
});
