// The README's example, run as is: npx tsx scripts/readme-example.ts
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@avalanche-ts/core';
import { SimpleMLP, IncrementalClassifier, toLayersModel } from '@avalanche-ts/models';

await initBackend({ backend: 'wasm' });
const model = new SimpleMLP({ numClasses: 10, seed: 0 }); // 784 -> 512 (ReLU, dropout 0.5) -> 10
model.setHead(new IncrementalClassifier({ inFeatures: 512, initialOutFeatures: 2 }));
model.adapt({ currentExperience: 0, streamName: 'train', taskLabels: [0], classesInThisExperience: [0, 1, 2], dataset: undefined as never });

const x = tf.randomUniform([8, 28, 28, 1]);
const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
const optimizer = tf.train.sgd(0.1);
const params = model.namedParameters().map(([, v]) => v);
for (let step = 0; step < 3; step++) {
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(x, { seed: step })) as tf.Scalar, true, params)!;
  console.log(`step ${step} loss ${loss.dataSync()[0].toFixed(4)}`);
  loss.dispose();
}

model.setTraining(false);
const layersModel = toLayersModel(model); // plain tf.layers: save it as model.json + weights
console.log(layersModel.outputs[0].shape, model.parameterCount(), 'parameters');
layersModel.dispose();
tf.dispose([x, y]);
model.dispose();
