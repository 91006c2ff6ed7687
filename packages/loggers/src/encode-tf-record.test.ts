import { crc32c, encodeTfRecord, maskedCrc32c } from './encode-tf-record.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32c', () => {
  it('matches the standard check values', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  });

  it('masks as TensorFlow does', () => {
    const crc = 0xe3069283;
    expect(maskedCrc32c(ascii('123456789'))).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });
});

describe('encodeTfRecord', () => {
  it('frames length, its CRC, the data and its CRC', () => {
    const data = ascii('abc');
    const record = encodeTfRecord(data);
    const view = new DataView(record.buffer);
    expect(record.length).toBe(19);
    expect(view.getBigUint64(0, true)).toBe(3n);
    expect(view.getUint32(8, true)).toBe(maskedCrc32c(record.subarray(0, 8)));
    expect(Array.from(record.subarray(12, 15))).toEqual([97, 98, 99]);
    expect(view.getUint32(15, true)).toBe(maskedCrc32c(data));
  });
});
