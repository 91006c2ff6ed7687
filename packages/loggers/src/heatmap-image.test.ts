import { heatmapImage, viridis } from './heatmap-image.js';

describe('heatmapImage', () => {
  const pixel = (img: { width: number; rgba: Uint8Array }, x: number, y: number) => Array.from(img.rgba.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

  it('colours each cell on viridis over [0, 1], NaN in grey', () => {
    const img = heatmapImage([[0, 1], [0.5, Number.NaN]], { cellSize: 3 });
    expect([img.width, img.height]).toEqual([6, 6]);
    expect(pixel(img, 0, 0)).toEqual([68, 1, 84, 255]);
    expect(pixel(img, 5, 2)).toEqual([253, 231, 37, 255]);
    expect(pixel(img, 1, 4)).toEqual([...viridis(0.5), 255]);
    expect(pixel(img, 4, 4)).toEqual([128, 128, 128, 255]);
  });

  it('scales counts (a confusion matrix) to the data’s range', () => {
    const img = heatmapImage([[8, 2], [0, 10]], { cellSize: 1 });
    expect(pixel(img, 1, 1)).toEqual([253, 231, 37, 255]);
    expect(pixel(img, 0, 1)).toEqual([68, 1, 84, 255]);
    expect(viridis(0.25)).toEqual([59, 81, 139]);
  });
});
