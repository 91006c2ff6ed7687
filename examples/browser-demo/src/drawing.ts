import { PIXELS } from './data.js';

/**
 * Turns a drawing (white on black) into an MNIST-style 28x28 byte image: the ink's bounding box scaled to fit
 * 20x20, placed so its centre of mass is at the centre, as MNIST was made. Undefined when nothing is drawn.
 */
export function drawingToMnist(pad: HTMLCanvasElement): Uint8Array | undefined {
  const src = (pad.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, pad.width, pad.height);
  let [x0, y0, x1, y1] = [pad.width, pad.height, -1, -1];
  for (let y = 0; y < pad.height; y++) {
    for (let x = 0; x < pad.width; x++) {
      if (src.data[(y * pad.width + x) * 4] > 30) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return undefined;
  const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
  const scale = 20 / Math.max(w, h);
  const small = document.createElement('canvas');
  small.width = 28;
  small.height = 28;
  const g = small.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  g.fillStyle = '#000';
  g.fillRect(0, 0, 28, 28);
  g.imageSmoothingQuality = 'high';
  g.drawImage(pad, x0, y0, w, h, (28 - w * scale) / 2, (28 - h * scale) / 2, w * scale, h * scale);
  const px = g.getImageData(0, 0, 28, 28).data;
  const gray = new Uint8Array(PIXELS);
  let [mass, mx, my] = [0, 0, 0];
  for (let i = 0; i < PIXELS; i++) {
    gray[i] = px[i * 4];
    mass += gray[i];
    mx += (i % 28) * gray[i];
    my += Math.floor(i / 28) * gray[i];
  }
  return shift(gray, Math.round(13.5 - mx / mass), Math.round(13.5 - my / mass));
}

/** The image moved by (dx, dy) pixels, zeros shifted in. */
export function shift(image: Uint8Array, dx: number, dy: number): Uint8Array {
  const out = new Uint8Array(PIXELS);
  for (let y = 0; y < 28; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= 28) continue;
    for (let x = 0; x < 28; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < 28) out[y * 28 + x] = image[sy * 28 + sx];
    }
  }
  return out;
}

/** Nine copies of every image, shifted by -2, 0 or 2 pixels in each direction (a little augmentation). */
export function shiftedCopies(images: Uint8Array, labels: Uint8Array): { images: Uint8Array; labels: Uint8Array } {
  const n = labels.length;
  const out = new Uint8Array(n * 9 * PIXELS);
  const outLabels = new Uint8Array(n * 9);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const image = images.subarray(i * PIXELS, (i + 1) * PIXELS);
    for (const dy of [-2, 0, 2]) {
      for (const dx of [-2, 0, 2]) {
        out.set(shift(image, dx, dy), k * PIXELS);
        outLabels[k++] = labels[i];
      }
    }
  }
  return { images: out, labels: outLabels };
}
