import protobuf from 'protobufjs/light.js';

// The messages of TensorBoard's event files, with the field numbers of tensorflow/core/util/event.proto,
// tensorflow/core/framework/summary.proto and histogram.proto (only the fields written here).
const DESCRIPTOR = {
  nested: {
    tensorboard: {
      nested: {
        Event: {
          fields: {
            wallTime: { type: 'double', id: 1 },
            step: { type: 'int64', id: 2 },
            fileVersion: { type: 'string', id: 3 },
            summary: { type: 'Summary', id: 5 },
          },
        },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'SummaryValue', id: 1 } },
        },
        SummaryValue: {
          fields: {
            tag: { type: 'string', id: 1 },
            simpleValue: { type: 'float', id: 2 },
            image: { type: 'SummaryImage', id: 4 },
            histo: { type: 'HistogramProto', id: 5 },
          },
        },
        SummaryImage: {
          fields: {
            height: { type: 'int32', id: 1 },
            width: { type: 'int32', id: 2 },
            colorspace: { type: 'int32', id: 3 },
            encodedImageString: { type: 'bytes', id: 4 },
          },
        },
        HistogramProto: {
          fields: {
            min: { type: 'double', id: 1 },
            max: { type: 'double', id: 2 },
            num: { type: 'double', id: 3 },
            sum: { type: 'double', id: 4 },
            sumSquares: { type: 'double', id: 5 },
            bucketLimit: { rule: 'repeated', type: 'double', id: 6, options: { packed: true } },
            bucket: { rule: 'repeated', type: 'double', id: 7, options: { packed: true } },
          },
        },
      },
    },
  },
};

export interface HistogramData {
  readonly min: number;
  readonly max: number;
  readonly num: number;
  readonly sum: number;
  readonly sumSquares: number;
  /** Right edge of each bucket; bucket i counts values in (bucketLimit[i-1], bucketLimit[i]]. */
  readonly bucketLimit: readonly number[];
  readonly bucket: readonly number[];
}

export interface ImageData {
  readonly height: number;
  readonly width: number;
  /** 1 grayscale, 3 RGB, 4 RGBA. */
  readonly colorspace: number;
  readonly encodedImageString: Uint8Array;
}

/** One value of a Summary: exactly one of `simpleValue`, `image`, `histo`. */
export interface SummaryValueData {
  readonly tag: string;
  readonly simpleValue?: number;
  readonly image?: ImageData;
  readonly histo?: HistogramData;
}

export interface EventData {
  readonly wallTime: number;
  readonly step: number;
  readonly fileVersion?: string;
  readonly summary?: { readonly value: readonly SummaryValueData[] };
}

let eventType: protobuf.Type | undefined;

/** Serialises an Event message (built lazily: no work at import time). */
export function encodeEvent(event: EventData): Uint8Array {
  eventType ??= protobuf.Root.fromJSON(DESCRIPTOR).lookupType('tensorboard.Event');
  return eventType.encode(eventType.fromObject(event as unknown as Record<string, unknown>)).finish();
}

/** Parses an Event message (for tests and tools that read event files back). */
export function decodeEvent(bytes: Uint8Array): Record<string, unknown> {
  eventType ??= protobuf.Root.fromJSON(DESCRIPTOR).lookupType('tensorboard.Event');
  return eventType.toObject(eventType.decode(bytes), { longs: Number, bytes: Array });
}
