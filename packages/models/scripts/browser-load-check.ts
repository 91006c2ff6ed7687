// Exports models with toLayersModel, saves them as model.json + weights.bin, serves them over HTTP to headless
// Chromium, loads them there with the browser bundle of plain @tensorflow/tfjs (tf.loadLayersModel) and compares
// the browser's predictions with the Node ones. Run: npx tsx scripts/browser-load-check.ts
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chromium } from 'playwright-core';
import { initBackend } from '@avalanche-ts/core';
import { BaseModel, IcarlNet, LeNet5, MTSimpleMLP, MobileNetV1, SimpleCNN, SimpleMLP, SlimResNet18, toLayersModel } from '@avalanche-ts/models';
import { fileSystemHandler } from '@avalanche-ts/models/node';

await initBackend({ backend: 'cpu' });
const tfBundle = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs')), 'tf.min.js');
const root = await mkdtemp(join(tmpdir(), 'models-browser-'));

const mt = new MTSimpleMLP({ hiddenSize: 32, seed: 1 });
mt.adapt({ currentExperience: 0, streamName: 'train', taskLabels: [0], classesInThisExperience: [0, 1, 2], dataset: undefined as never });
const cases: Array<[string, BaseModel, number[]]> = [
  ['simple-mlp', new SimpleMLP({ seed: 1 }), [2, 784]],
  ['mt-simple-mlp', mt, [2, 784]],
  ['simple-cnn', new SimpleCNN({ seed: 1 }), [2, 32, 32, 3]],
  ['slim-resnet18', new SlimResNet18({ nclasses: 10, seed: 1 }), [2, 32, 32, 3]],
  ['lenet5', new LeNet5({ nClasses: 10, inputChannels: 1, seed: 1 }), [2, 32, 32, 1]],
  ['icarl-net', new IcarlNet({ numClasses: 10, seed: 1 }), [2, 32, 32, 3]],
  ['mobilenet-v1', new MobileNetV1({ seed: 1, inputSize: 64, widthScale: 0.5 }), [1, 64, 64, 3]],
];
const expected: Record<string, { shape: number[]; input: number[]; output: number[] }> = {};
for (const [name, model, shape] of cases) {
  model.setTraining(false);
  const x = tf.randomUniform(shape, 0, 1, 'float32', 7);
  const y = model.forward(x, { taskLabels: tf.zeros([shape[0]], 'int32') as tf.Tensor1D });
  expected[name] = { shape, input: Array.from(x.dataSync()), output: Array.from(y.dataSync()) };
  const layersModel = toLayersModel(model, { taskLabel: 0 });
  await layersModel.save(fileSystemHandler(join(root, name)));
  layersModel.dispose();
  tf.dispose([x, y]);
  model.dispose();
}

const server = createServer(async (req, res) => {
  const url = req.url ?? '/';
  try {
    if (url === '/tf.min.js') return res.end(await readFile(tfBundle));
    if (url === '/') return res.end('<html><body><script src="/tf.min.js"></script></body></html>');
    res.end(await readFile(join(root, normalize(url).replace(/^\/+/, ''))));
  } catch {
    res.statusCode = 404;
    res.end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => (globalThis as unknown as { tf?: unknown }).tf !== undefined);
  for (const [name] of cases) {
    const e = expected[name];
    const got = await page.evaluate(async ({ name, e }) => {
      const tfb = (globalThis as unknown as { tf: typeof tf }).tf;
      await tfb.setBackend('cpu');
      const model = await tfb.loadLayersModel(`/${name}/model.json`);
      const out = model.predict(tfb.tensor(e.input, e.shape)) as tf.Tensor;
      return Array.from(await out.data());
    }, { name, e });
    const diff = Math.max(...got.map((v, i) => Math.abs(v - e.output[i])));
    console.log(`${name.padEnd(14)} browser tf.loadLayersModel: ${got.length} outputs, max |browser - node| = ${diff.toExponential(2)}`);
    if (!(diff < 1e-4)) process.exitCode = 1;
  }
} finally {
  await browser.close();
  server.close();
  await rm(root, { recursive: true, force: true });
}
