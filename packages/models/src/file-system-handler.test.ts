import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fakeExperience, maxAbsDiff, useBackend } from './model-checks.test-helper.js';
import { MTSimpleMLP } from './mt-simple-mlp.js';
import { fileSystemHandler } from './file-system-handler.js';
import { toLayersModel } from './to-layers-model.js';

describe('fileSystemHandler', () => {
  beforeAll(() => useBackend('wasm'));

  it('saves model.json + weights.bin that tf.loadLayersModel loads back with identical predictions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'avalanche-models-'));
    try {
      const m = new MTSimpleMLP({ hiddenSize: 16, seed: 4 });
      m.adapt(fakeExperience([0, 1, 2], [0]));
      m.setTraining(false);
      const layersModel = toLayersModel(m, { taskLabel: 0 });
      await layersModel.save(fileSystemHandler(dir));
      layersModel.dispose();
      expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
      expect(json.modelTopology.class_name).toBe('Model');

      const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
      const x = tf.randomUniform([3, 784], 0, 1, 'float32', 2);
      const t = tf.tensor1d([0, 0, 0], 'int32');
      const expected = m.forward(x, { taskLabels: t });
      const actual = loaded.predict(x) as tf.Tensor;
      expect(maxAbsDiff(expected.dataSync(), actual.dataSync())).toBe(0);
      tf.dispose([x, t, expected, actual]);
      loaded.dispose();
      m.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the missing file when loading fails', async () => {
    await expect(fileSystemHandler('/nonexistent/dir').load!()).rejects.toThrow(/nonexistent\/dir\/model.json/);
  });
});
