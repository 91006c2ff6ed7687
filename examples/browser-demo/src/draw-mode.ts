import * as tf from '@tensorflow/tfjs';
import { ArrayDataset, makeExperience, takePerClass } from '@avalanche-ts/benchmarks';
import type { ClassificationDataset } from '@avalanche-ts/core';
import type { SimpleMLP } from '@avalanche-ts/models';
import { checkpointToBytes, restoreFromBytes, type SupervisedTemplate } from '@avalanche-ts/training';
import { lineChart } from './chart.js';
import { PIXELS, datasetOf, mnistNormalize, normalizedPixels, type DemoData } from './data.js';
import { STRATEGY_LABEL, buildStrategy, predictClasses, progressPlugin, type StrategyName, type TrainProgress } from './learner.js';
import { pct } from './split-view.js';
import type { KeyValueStore } from './state-store.js';
import { drawingToMnist, shiftedCopies } from './drawing.js';

const OLD_DIGITS = [0, 1, 2, 3, 4];
const NEW_DIGITS = [5, 6, 7, 8, 9];

export interface DrawModeContext {
  readonly data: DemoData;
  readonly store: KeyValueStore;
  readonly strategy: () => StrategyName;
  readonly trainPerClass: () => number;
  readonly testPerClass: number;
  readonly seed: number;
  readonly setStatus: (text: string, error?: boolean) => void;
  readonly run: (task: () => Promise<void>) => Promise<void>;
}

/** A batch of the user's drawings (28x28 bytes each) and their digits. */
interface DrawnBatch {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** Accuracy after a step: on 0-4 (MNIST test) and on the taught digits of 5-9 (MNIST test). */
interface Step {
  readonly drawings: number;
  readonly old: number;
  readonly fresh: number;
}

interface DrawRecord {
  readonly bytes: Uint8Array;
  readonly batches: DrawnBatch[];
  readonly history: Step[];
}

/** Second mode: learns 0-4 from MNIST, then 5-9 from digits the user draws, a few at a time. */
export class DrawMode {
  private learner: { key: string; model: SimpleMLP; strategy: SupervisedTemplate; name: StrategyName } | undefined;
  private batches: DrawnBatch[] = [];
  private history: Step[] = [];
  private pending: Array<{ image: Uint8Array; label: number }> = [];
  private readonly pad = document.getElementById('pad') as HTMLCanvasElement;
  private readonly norm = mnistNormalize();

  constructor(private readonly ctx: DrawModeContext) {
    const select = document.getElementById('draw-label') as HTMLSelectElement;
    select.innerHTML = NEW_DIGITS.map((d) => `<option value="${d}">${d}</option>`).join('');
    this.wirePad();
    document.getElementById('add-drawing')?.addEventListener('click', () => this.addDrawing(Number(select.value)));
    document.getElementById('clear-pad')?.addEventListener('click', () => this.clearPad());
    document.getElementById('learn-drawings')?.addEventListener('click', () => void ctx.run(() => this.learn()));
    document.getElementById('reset-draw')?.addEventListener('click', () => void ctx.run(() => this.reset()));
    this.clearPad();
  }

  private get key(): string {
    return `draw/${this.ctx.strategy()}/train${this.ctx.trainPerClass()}-seed${this.ctx.seed}`;
  }

  /** MNIST 0-4 (the first k training images of each), normalised: the knowledge to keep. */
  private pretrainDataset(): ArrayDataset {
    const all = datasetOf(this.ctx.data.trainImages, this.ctx.data.trainLabels);
    const keep = Array.from(takePerClass(all, this.ctx.trainPerClass())).filter((i) => all.targets[i] < 5);
    return all.subset(keep).withTransforms([this.norm]);
  }

  /** A drawn batch as training data: each drawing shifted by up to 2 pixels (9 copies), normalised. */
  private batchDataset(batch: DrawnBatch): ArrayDataset {
    const { images, labels } = shiftedCopies(batch.images, batch.labels);
    return datasetOf(images, labels).withTransforms([this.norm]);
  }

  private sourceOf(key: string): ClassificationDataset | undefined {
    const k = Number(key.split('/')[1]);
    if (k === 0) return this.pretrainDataset();
    const batch = this.batches[k - 1];
    return batch ? this.batchDataset(batch) : undefined;
  }

  /** Builds (or restores from IndexedDB) the learner for the current strategy; learns 0-4 on first use. */
  async activate(): Promise<void> {
    if (this.learner?.key === this.key) return this.render();
    this.learner?.strategy.dispose();
    this.learner?.model.dispose();
    const name = this.ctx.strategy();
    const progress = { onProgress: (p: TrainProgress) => this.showProgress(p.iteration / p.iterations, `iteration ${p.iteration}/${p.iterations}`), totalIterations: 0 };
    const { model, strategy } = buildStrategy(
      // Replay keeps a class-balanced memory and draws more memory than new samples per minibatch: each batch
      // of drawings is one class, and an experience-balanced memory would fill up with it.
      { strategy: name, trainMbSize: 16, epochs: 1, seed: this.ctx.seed, sources: (key) => this.sourceOf(key), replayPerClass: { batchSizeMem: 112 } },
      [progressPlugin(progress)],
    );
    this.learner = { key: this.key, model, strategy, name };
    const saved = await this.ctx.store.get<DrawRecord>(this.key);
    if (saved) {
      this.batches = saved.batches;
      this.history = saved.history;
      await restoreFromBytes(strategy, saved.bytes, 'saved drawing learner');
      this.ctx.setStatus(`Drawing mode restored from IndexedDB: ${STRATEGY_LABEL[name]}, ${this.drawingCount()} drawings learnt.`);
    } else {
      this.batches = [];
      this.history = [];
      this.ctx.setStatus(`Learning the digits 0–4 from MNIST with ${STRATEGY_LABEL[name]}…`);
      await strategy.train(makeExperience({ dataset: this.pretrainDataset(), streamName: 'train', currentExperience: 0 }));
      this.history.push(this.evaluate());
      await this.save();
      this.ctx.setStatus('The model knows 0–4. Now draw a 5, 6, 7, 8 or 9, add a few examples and press Learn.');
    }
    this.render();
  }

  private showProgress(fraction: number, text: string): void {
    (document.getElementById('draw-progress-bar') as HTMLElement).style.width = `${Math.round(fraction * 100)}%`;
    (document.getElementById('draw-progress-text') as HTMLElement).textContent = text;
  }

  private drawingCount(): number {
    return this.batches.reduce((a, b) => a + b.labels.length, 0);
  }

  private async learn(): Promise<void> {
    if (!this.learner || this.pending.length === 0) return;
    const images = new Uint8Array(this.pending.length * PIXELS);
    this.pending.forEach((p, i) => images.set(p.image, i * PIXELS));
    const batch: DrawnBatch = { images, labels: Uint8Array.from(this.pending, (p) => p.label) };
    this.batches.push(batch);
    this.pending = [];
    const k = this.batches.length;
    this.ctx.setStatus(`Learning from ${batch.labels.length} drawing(s)…`);
    const dataset = this.batchDataset(batch);
    // A few passes over the small batch (the strategy's epoch count is fixed at 1).
    const repeated = dataset.subset(Int32Array.from({ length: dataset.length * 2 }, (_, i) => i % dataset.length));
    await this.learner.strategy.train(makeExperience({ dataset: repeated, streamName: 'train', currentExperience: k }));
    this.history.push(this.evaluate());
    await this.save();
    const last = this.history[this.history.length - 1];
    this.ctx.setStatus(`Learnt ${batch.labels.length} drawing(s) and saved: 0–4 at ${pct(last.old)}, your digits (on MNIST test) at ${pct(last.fresh)}.`);
    this.render();
  }

  private async reset(): Promise<void> {
    await this.ctx.store.delete(this.key);
    this.learner?.strategy.dispose();
    this.learner?.model.dispose();
    this.learner = undefined;
    this.pending = [];
    await this.activate();
  }

  private async save(): Promise<void> {
    if (!this.learner) return;
    const record: DrawRecord = { bytes: await checkpointToBytes(this.learner.strategy), batches: this.batches, history: this.history };
    await this.ctx.store.put(this.key, record);
  }

  /** Accuracy on MNIST test images of 0-4 and of the new digits taught so far. */
  private evaluate(): Step {
    const taught = new Set(this.batches.flatMap((b) => Array.from(b.labels)));
    return { drawings: this.drawingCount(), old: this.accuracyOn(OLD_DIGITS), fresh: taught.size > 0 ? this.accuracyOn([...taught]) : Number.NaN };
  }

  private accuracyOn(digits: readonly number[]): number {
    const { testLabels, testImages } = this.ctx.data;
    const wanted = new Set(digits);
    const count = new Map<number, number>();
    const indices: number[] = [];
    for (let i = 0; i < testLabels.length; i++) {
      const c = testLabels[i];
      if (wanted.has(c) && (count.get(c) ?? 0) < this.ctx.testPerClass) {
        count.set(c, (count.get(c) ?? 0) + 1);
        indices.push(i);
      }
    }
    const predicted = predictClasses(this.learner!.model, normalizedPixels(testImages, indices), indices.length);
    return indices.reduce((a, idx, k) => a + (predicted[k] === testLabels[idx] ? 1 : 0), 0) / Math.max(1, indices.length);
  }

  private render(): void {
    const pending = document.getElementById('pending') as HTMLElement;
    pending.textContent = this.pending.length === 0 ? 'No examples waiting.' : `${this.pending.length} example(s) waiting to be learnt.`;
    (document.getElementById('learn-drawings') as HTMLButtonElement).disabled = this.pending.length === 0;
    const thumbs = document.getElementById('thumbs') as HTMLElement;
    thumbs.replaceChildren(
      ...this.pending.map((p) => {
        const fig = document.createElement('figure');
        const c = document.createElement('canvas');
        c.width = 28;
        c.height = 28;
        const img = new ImageData(28, 28);
        for (let i = 0; i < PIXELS; i++) img.data.set([p.image[i], p.image[i], p.image[i], 255], i * 4);
        c.getContext('2d')?.putImageData(img, 0, 0);
        fig.append(c, `${p.label}`);
        return fig;
      }),
    );
    const steps = this.history.map((s, i) => [i, s] as const);
    (document.getElementById('draw-chart') as HTMLElement).innerHTML = lineChart(
      [
        { name: 'MNIST test 0–4 (kept?)', color: '#27408b', points: steps.map(([i, s]) => [i, s.old] as [number, number]) },
        { name: 'MNIST test of your digits', color: '#c2410c', points: steps.filter(([, s]) => Number.isFinite(s.fresh)).map(([i, s]) => [i, s.fresh] as [number, number]) },
      ],
      { xLabel: 'learning steps (0 = after MNIST 0–4)', xMax: Math.max(4, steps.length - 1) },
    );
    (document.getElementById('draw-table') as HTMLElement).innerHTML =
      `<tr><th>step</th><th>drawings learnt</th><th>0–4</th><th>your digits</th></tr>` +
      this.history.map((s, i) => `<tr><td>${i}</td><td>${s.drawings}</td><td>${pct(s.old)}</td><td>${pct(s.fresh)}</td></tr>`).join('');
  }

  private addDrawing(label: number): void {
    const image = drawingToMnist(this.pad);
    if (!image) {
      this.ctx.setStatus('Draw a digit first.');
      return;
    }
    this.pending.push({ image, label });
    this.clearPad();
    this.render();
  }

  private clearPad(): void {
    const g = this.pad.getContext('2d') as CanvasRenderingContext2D;
    g.fillStyle = '#000';
    g.fillRect(0, 0, this.pad.width, this.pad.height);
    (document.getElementById('prediction') as HTMLElement).textContent = 'Draw a digit';
  }

  private predictDrawing(): void {
    const image = drawingToMnist(this.pad);
    if (!image || !this.learner) return;
    const probs = tf.tidy(() => tf.softmax(this.learner!.model.forward(tf.tensor4d(normalizedPixels(image, [0]), [1, 28, 28, 1]))).dataSync());
    let best = 0;
    for (let c = 1; c < probs.length; c++) if (probs[c] > probs[best]) best = c;
    (document.getElementById('prediction') as HTMLElement).textContent = `The model sees a ${best} (${pct(probs[best])})`;
  }

  private wirePad(): void {
    // The first getContext call decides: the pad is read back after every stroke.
    const g = this.pad.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    let drawing = false;
    const at = (e: PointerEvent) => {
      const r = this.pad.getBoundingClientRect();
      return [((e.clientX - r.left) * this.pad.width) / r.width, ((e.clientY - r.top) * this.pad.height) / r.height] as const;
    };
    this.pad.addEventListener('pointerdown', (e) => {
      drawing = true;
      this.pad.setPointerCapture(e.pointerId);
      const [x, y] = at(e);
      g.beginPath();
      g.moveTo(x, y);
    });
    this.pad.addEventListener('pointermove', (e) => {
      if (!drawing) return;
      const [x, y] = at(e);
      g.strokeStyle = '#fff';
      g.lineWidth = 22;
      g.lineCap = 'round';
      g.lineJoin = 'round';
      g.lineTo(x, y);
      g.stroke();
    });
    const end = () => {
      if (!drawing) return;
      drawing = false;
      this.predictDrawing();
    };
    this.pad.addEventListener('pointerup', end);
    this.pad.addEventListener('pointerleave', end);
  }
}
