import * as tf from '@tensorflow/tfjs';
import { fakeScenario, TinyModel, expectNoTensorLeak, countTensorsAfter } from './testing.js';

describe('core/testing doubles', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('fakeScenario is deterministic and class-incremental', () => {
    const a = fakeScenario({ seed: 1 });
    const b = fakeScenario({ seed: 1 });
    const expA = [...a.trainStream];
    expect(expA.map((e) => e.classesInThisExperience)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(expA[1].previousClasses).toEqual([0, 1]);
    expect(expA[1].futureClasses).toEqual([4, 5]);
    const batchA = expA[0].dataset.getBatch([0, 1, 2]);
    const batchB = [...b.trainStream][0].dataset.getBatch([0, 1, 2]);
    expect(batchA.x.arraySync()).toEqual(batchB.x.arraySync());
    tf.dispose([batchA.x, batchA.y, batchA.taskLabels, batchB.x, batchB.y, batchB.taskLabels]);
  });

  it('subset and concat keep targets aligned', () => {
    const [e0, e1] = [...fakeScenario().trainStream];
    const sub = e0.dataset.subset([3, 1]);
    expect(Array.from(sub.targets)).toEqual([e0.dataset.targets[3], e0.dataset.targets[1]]);
    const both = sub.concat(e1.dataset.subset([0]));
    expect(both.length).toBe(3);
    expect(Array.from(both.targets)).toEqual([e0.dataset.targets[3], e0.dataset.targets[1], e1.dataset.targets[0]]);
  });

  it('TinyModel clones independently and reports leaks', async () => {
    const model = new TinyModel({ inputSize: 8, nClasses: 4, seed: 3 });
    const copy = model.clone();
    copy.namedParameters()[1][1].assign(tf.onesLike(copy.namedParameters()[1][1]));
    expect(model.namedParameters()[1][1].dataSync()[0]).toBe(0);
    await expectNoTensorLeak(() => tf.tidy(() => model.forward(tf.ones([2, 8])).sum()).dispose());
    await expect(expectNoTensorLeak(() => tf.ones([1]))).rejects.toThrow(/tensor leak: 1 tensors more/);
    expect(await countTensorsAfter(() => undefined)).toBe(0);
    model.dispose();
    copy.dispose();
  });

  it('TinyModel owns exactly its four parameters: building and disposing one leaves nothing', async () => {
    expect(await countTensorsAfter(() => new TinyModel({ inputSize: 8, nClasses: 4 }).dispose())).toBe(0);
  });
});
