// The browser demo: SplitMNIST learnt one experience at a time with Naive, Replay or EWC (two side by side),
// the accuracy matrix filling in live, state saved to IndexedDB after each experience; and a drawing mode
// that learns new digits from the user's drawings. Settings live in the URL, so a reload keeps them.
import { isBackendRequest, startBackend, type BackendRequest } from './backend.js';
import { loadDemoData, normalizedPixels, splitMnist, type DemoData } from './data.js';
import { DrawMode } from './draw-mode.js';
import { STRATEGIES, STRATEGY_LABEL, SplitLearner, predictClasses, type Probe, type StrategyName } from './learner.js';
import { renderLearner } from './split-view.js';
import { openStateStore, type KeyValueStore } from './state-store.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const intParam = (name: string, fallback: number, min: number, max: number) => {
  const v = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
};
const strategyParam = (name: string, fallback: StrategyName | null): StrategyName | null => {
  const v = params.get(name);
  return (STRATEGIES as readonly string[]).includes(v ?? '') ? (v as StrategyName) : v === 'none' ? null : fallback;
};

const config = {
  backend: (isBackendRequest(params.get('backend')) ? params.get('backend') : 'auto') as BackendRequest,
  strategyA: strategyParam('strategy', 'replay') as StrategyName,
  strategyB: strategyParam('compare', null),
  trainPerClass: intParam('train', 300, 10, 900),
  testPerClass: intParam('test', 200, 10, 890),
  epochs: intParam('epochs', 1, 1, 20),
  trainMbSize: 32,
  seed: intParam('seed', 0, 0, 1_000_000),
};

function saveConfigToUrl(): void {
  const p = new URLSearchParams(location.search);
  p.set('backend', config.backend);
  p.set('strategy', config.strategyA);
  p.set('compare', config.strategyB ?? 'none');
  p.set('train', String(config.trainPerClass));
  history.replaceState(null, '', `${location.pathname}?${p.toString()}${location.hash}`);
}

const statusEl = $('status');
function setStatus(text: string, error = false): void {
  statusEl.textContent = text;
  statusEl.classList.toggle('error', error);
}
function setState(state: 'loading' | 'ready' | 'training' | 'error'): void {
  document.body.dataset.state = state;
  const busy = state !== 'ready';
  for (const id of ['train-next', 'train-all', 'reset-split', 'strategy-a', 'strategy-b', 'compare', 'train-per-class', 'backend']) {
    ($(id) as HTMLButtonElement).disabled = busy;
  }
  if (state === 'ready') updateTrainButtons();
}
function setProgress(fraction: number, text: string): void {
  $('progress-bar').style.width = `${Math.round(fraction * 100)}%`;
  $('progress-text').textContent = text;
}

let data: DemoData;
let store: KeyValueStore;
let learners: SplitLearner[] = [];
let panels: HTMLElement[] = [];
let drawMode: DrawMode | undefined;

const storageKey = (name: StrategyName) =>
  `split/${name}/train${config.trainPerClass}-test${config.testPerClass}-ep${config.epochs}-mb${config.trainMbSize}-seed${config.seed}`;

/** Up to 60 MNIST test images of each class in `classes` (first in file order). */
function makeProbe(classes: readonly number[]): Probe {
  const wanted = new Set(classes);
  const taken = new Map<number, number>();
  const indices: number[] = [];
  for (let i = 0; i < data.testLabels.length; i++) {
    const c = data.testLabels[i];
    if (!wanted.has(c) || (taken.get(c) ?? 0) >= 60) continue;
    taken.set(c, (taken.get(c) ?? 0) + 1);
    indices.push(i);
  }
  return { pixels: normalizedPixels(data.testImages, indices), targets: Int32Array.from(indices, (i) => data.testLabels[i]) };
}

async function buildLearners(): Promise<void> {
  for (const l of learners) l.dispose();
  const names = [config.strategyA, ...(config.strategyB && config.strategyB !== config.strategyA ? [config.strategyB] : [])];
  const scenario = splitMnist(data, { trainPerClass: config.trainPerClass, testPerClass: config.testPerClass, seed: config.seed });
  learners = names.map((name) => new SplitLearner(name, scenario, { trainMbSize: config.trainMbSize, epochs: config.epochs, seed: config.seed }, makeProbe));
  const restored: string[] = [];
  for (const learner of learners) {
    const saved = await store.get<{ bytes: Uint8Array }>(storageKey(learner.name));
    if (saved?.bytes) {
      await learner.restore(saved.bytes);
      restored.push(`${STRATEGY_LABEL[learner.name]}: ${learner.nextExp} experience(s)`);
    }
  }
  const container = $('learners');
  container.replaceChildren();
  panels = learners.map(() => container.appendChild(Object.assign(document.createElement('article'), { className: 'learner' })));
  renderAll(false);
  setProgress(0, '');
  document.body.dataset.restored = String(restored.length);
  setStatus(restored.length > 0 ? `Restored from IndexedDB — ${restored.join('; ')}.` : `Ready: ${learners.map((l) => STRATEGY_LABEL[l.name]).join(' vs ')} on SplitMNIST (5 experiences of 2 digits).`);
}

function renderAll(training: boolean): void {
  learners.forEach((l, i) => renderLearner(panels[i], l, i, training));
}

function updateTrainButtons(): void {
  const done = learners.every((l) => l.done);
  ($('train-next') as HTMLButtonElement).disabled = done;
  ($('train-all') as HTMLButtonElement).disabled = done;
}

/** Trains every learner on its next experience, saving each to IndexedDB afterwards. */
async function trainNext(): Promise<void> {
  for (const [i, learner] of learners.entries()) {
    if (learner.done) continue;
    const exp = learner.nextExp;
    const label = `${STRATEGY_LABEL[learner.name]}: experience ${exp} (digits ${learner.classesPerExperience[exp].join(', ')})`;
    let lastPaint = 0;
    learner.onProgress = (p) => {
      setProgress(p.iteration / p.iterations, `${label} — iteration ${p.iteration}/${p.iterations}`);
      const now = performance.now();
      if (p.oldAccuracy !== undefined && now - lastPaint > 150) {
        lastPaint = now;
        renderLearner(panels[i], learner, i, true);
      }
    };
    setStatus(`Training ${label}…`);
    renderLearner(panels[i], learner, i, true);
    await learner.trainNext();
    learner.onProgress = undefined;
    const bytes = await learner.toBytes();
    await store.put(storageKey(learner.name), { bytes, savedAt: Date.now() });
    renderLearner(panels[i], learner, i, false);
    const where = store.persistent ? 'saved to IndexedDB' : 'kept in memory only';
    setStatus(`${label} learnt; state ${where} (${(bytes.byteLength / 1024).toFixed(0)} KiB).`);
  }
  setProgress(1, 'done');
  document.body.dataset.trained = String(Math.min(...learners.map((l) => l.nextExp)));
}

async function run(task: () => Promise<void>): Promise<void> {
  setState('training');
  try {
    await task();
    setState('ready');
  } catch (error) {
    console.error(error);
    setStatus(`Error: ${(error as Error).message}`, true);
    setState('error');
  }
}

function fillStrategySelect(select: HTMLSelectElement, value: string | null): void {
  select.innerHTML = STRATEGIES.map((s) => `<option value="${s}">${STRATEGY_LABEL[s]}</option>`).join('');
  if (value) select.value = value;
}

function wireControls(): void {
  const a = $<HTMLSelectElement>('strategy-a');
  const b = $<HTMLSelectElement>('strategy-b');
  const compare = $<HTMLInputElement>('compare');
  const perClass = $<HTMLInputElement>('train-per-class');
  fillStrategySelect(a, config.strategyA);
  fillStrategySelect(b, config.strategyB ?? (config.strategyA === 'naive' ? 'replay' : 'naive'));
  compare.checked = config.strategyB !== null;
  perClass.value = String(config.trainPerClass);
  $<HTMLSelectElement>('backend').value = config.backend;
  const rebuild = () =>
    run(async () => {
      config.strategyA = a.value as StrategyName;
      config.strategyB = compare.checked ? (b.value as StrategyName) : null;
      config.trainPerClass = Math.min(900, Math.max(10, Number.parseInt(perClass.value, 10) || 300));
      saveConfigToUrl();
      await buildLearners();
    });
  for (const el of [a, b, compare, perClass]) el.addEventListener('change', () => void rebuild());
  $('backend').addEventListener('change', (e) => {
    config.backend = (e.target as HTMLSelectElement).value as BackendRequest;
    saveConfigToUrl();
    location.reload();
  });
  $('train-next').addEventListener('click', () => void run(trainNext));
  $('train-all').addEventListener('click', () =>
    void run(async () => {
      while (!learners.every((l) => l.done)) await trainNext();
    }),
  );
  $('reset-split').addEventListener('click', () =>
    void run(async () => {
      for (const l of learners) await store.delete(storageKey(l.name));
      await buildLearners();
    }),
  );
  const tabs = { split: $('tab-split'), draw: $('tab-draw') };
  const show = (mode: 'split' | 'draw') => {
    tabs.split.setAttribute('aria-selected', String(mode === 'split'));
    tabs.draw.setAttribute('aria-selected', String(mode === 'draw'));
    $('split-mode').hidden = mode !== 'split';
    $('draw-mode').hidden = mode !== 'draw';
    if (mode === 'draw') {
      drawMode ??= new DrawMode({ data, store, strategy: () => config.strategyA, trainPerClass: () => config.trainPerClass, testPerClass: config.testPerClass, seed: config.seed, setStatus, run });
      void run(() => (drawMode as DrawMode).activate());
    }
  };
  tabs.split.addEventListener('click', () => show('split'));
  tabs.draw.addEventListener('click', () => show('draw'));
}

/** For the end-to-end test: predictions of a learner's model on MNIST test images, outside the metrics code. */
function exposeForTests(): void {
  (window as unknown as { avalancheDemo: unknown }).avalancheDemo = {
    learnerNames: () => learners.map((l) => l.name),
    predictTest(learner: number, indices: number[]): number[] {
      return Array.from(predictClasses(learners[learner].model, normalizedPixels(data.testImages, indices), indices.length));
    },
  };
}

async function main(): Promise<void> {
  setState('loading');
  wireControls();
  const report = await startBackend(config.backend);
  $('backend-info').textContent = `running on ${report.tfjsBackend}${report.wasmThreads ? ` (${report.wasmThreads} thread${report.wasmThreads > 1 ? 's' : ''})` : ''}`;
  document.body.dataset.backend = report.tfjsBackend;
  setStatus('Loading MNIST…');
  [data, store] = await Promise.all([loadDemoData(import.meta.env.BASE_URL), openStateStore()]);
  $('data-source').textContent = data.source;
  exposeForTests();
  await buildLearners();
  if (!store.persistent) setStatus('IndexedDB is not available here: the model learns, but forgets everything on reload.', true);
  setState('ready');
}

main().catch((error: unknown) => {
  console.error(error);
  setStatus(`Error: ${(error as Error).message}`, true);
  document.body.dataset.state = 'error';
});
