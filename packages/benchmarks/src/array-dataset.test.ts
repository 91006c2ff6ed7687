import * as tf from '@tensorflow/tfjs';
import { AvalancheError, Rng, ValidationError, disposeMinibatch, initBackend } from '@avalanche-ts/core';
import { InMemoryDataset, expectNoTensorLeak } from '@avalanche-ts/core/testing';
import { ArrayDataset } from './array-dataset.js';
import { TypedArrayStore } from './sample-store.js';
import type { SampleTransform } from './sample-transform.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu' });
});

// 6 samples of 2x2x1; sample i holds the bytes 10i..10i+3.
function make(): { ds: ArrayDataset; store: TypedArrayStore } {
  const data = Uint8Array.from({ length: 24 }, (_, k) => Math.floor(k / 4) * 10 + (k % 4));
  const store = new TypedArrayStore(data, [2, 2, 1]);
  return { ds: ArrayDataset.fromStore(store, [0, 1, 2, 0, 1, 2], { taskLabels: 3 }), store };
}

const addOne: SampleTransform = { name: 'addOne', random: false, apply: (s) => s.forEach((v, i) => (s[i] = v + 1)) };
const double: SampleTransform = { name: 'double', random: false, apply: (s) => s.forEach((v, i) => (s[i] = v * 2)) };

function xOf(ds: ArrayDataset, idx: number[]): number[] {
  const b = ds.getBatch(idx);
  const out = Array.from(b.x.dataSync());
  disposeMinibatch(b);
  return out;
}

test('getBatch builds one tensor per field with x/255 values, int32 labels', async () => {
  const { ds } = make();
  await expectNoTensorLeak(() => {
    const b = ds.getBatch([5, 0]);
    expect(b.x.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(b.x.dataSync()).map((v) => Math.round(v * 255))).toEqual([50, 51, 52, 53, 0, 1, 2, 3]);
    expect(Array.from(b.y.dataSync())).toEqual([2, 0]);
    expect(b.y.dtype).toBe('int32');
    expect(Array.from(b.taskLabels.dataSync())).toEqual([3, 3]);
    disposeMinibatch(b);
  });
});

test('subset and concat are views over the same store (no pixel copy)', () => {
  const { ds, store } = make();
  const sub = ds.subset([4, 1, 1]);
  expect(Array.from(sub.targets)).toEqual([1, 1, 1]);
  expect(xOf(sub, [0]).map((v) => Math.round(v * 255))).toEqual([40, 41, 42, 43]);
  const cat = sub.concat(ds.subset([2]));
  expect(cat.length).toBe(4);
  expect(Array.from(cat.targets)).toEqual([1, 1, 1, 2]);
  expect(cat.storeBytes).toBe(store.byteLength);
  expect(xOf(cat, [3]).map((v) => Math.round(v * 255))).toEqual([20, 21, 22, 23]);
  // Mutating the store shows through every view: they share its memory.
  store.data[4 * 4] = 99;
  expect(Math.round(xOf(cat, [0])[0] * 255)).toBe(99);
});

test('transform groups: train/eval switch, eval defaults to train, frozen transforms run first', () => {
  const store = new TypedArrayStore(new Float32Array([1, 2]), [1]);
  const ds = ArrayDataset.fromStore(store, [0, 1], { transformGroups: { train: [double] }, frozenTransforms: [addOne] });
  expect(ds.transformGroup).toBe('train');
  expect(xOf(ds, [0, 1])).toEqual([4, 6]); // (x+1)*2
  expect(xOf(ds.eval(), [0, 1])).toEqual([4, 6]);
  const custom = ds.withTransforms([], 'eval').eval();
  expect(xOf(custom, [0])).toEqual([2]);
  // Replacing the group never removes the frozen transform.
  expect(xOf(ds.withTransforms([]), [0])).toEqual([2]);
  const frozen = ds.freezeTransforms().withTransforms([addOne]);
  expect(xOf(frozen, [0])).toEqual([5]); // ((1+1)*2)+1
  expect(xOf(ds.withTransformGroup('other'), [0])).toEqual([2]);
});

test('concat keeps each source with its own frozen transforms', () => {
  const store = new TypedArrayStore(new Float32Array([1, 2]), [1]);
  const base = ArrayDataset.fromStore(store, [0, 1]);
  const a = base.withFrozenTransforms([addOne]);
  const b = base.withFrozenTransforms([double]);
  expect(xOf(a.concat(b), [0, 1, 2, 3])).toEqual([2, 3, 2, 4]);
});

test('attributes follow subsets and concats and can ride in minibatches', async () => {
  const { ds } = make();
  const withAttr = ds.withAttribute('logits', Float32Array.from({ length: 12 }, (_, i) => i), { width: 2, inBatch: true });
  const sub = withAttr.subset([3, 1]);
  expect(Array.from(sub.attribute('logits') ?? [])).toEqual([6, 7, 2, 3]);
  const cat = sub.concat(withAttr.subset([0]));
  expect(Array.from(cat.attribute('logits') ?? [])).toEqual([6, 7, 2, 3, 0, 1]);
  await expectNoTensorLeak(() => {
    const b = cat.getBatch([2, 0]);
    expect(b.extras?.logits.shape).toEqual([2, 2]);
    expect(Array.from(b.extras!.logits.dataSync())).toEqual([0, 1, 6, 7]);
    disposeMinibatch(b);
  });
  // Dropped when not every part has it.
  expect(sub.concat(ds).attribute('logits')).toBeUndefined();
});

test('random transforms draw from the given rng: same seed, same batch', () => {
  const store = new TypedArrayStore(new Float32Array([0, 0, 0]), [1]);
  const noise: SampleTransform = { name: 'noise', random: true, apply: (s, _shape, rng) => (s[0] = rng.next()) };
  const ds = ArrayDataset.fromStore(store, [0, 0, 0], { transformGroups: { train: [noise] } });
  const b1 = ds.getBatch([0, 1, 2], { rng: new Rng(5) });
  const b2 = ds.getBatch([0, 1, 2], { rng: new Rng(5) });
  const b3 = ds.getBatch([0, 1, 2], { rng: new Rng(6) });
  expect(Array.from(b1.x.dataSync())).toEqual(Array.from(b2.x.dataSync()));
  expect(Array.from(b1.x.dataSync())).not.toEqual(Array.from(b3.x.dataSync()));
  [b1, b2, b3].forEach(disposeMinibatch);
});

test('foreign datasets concat through their own getBatch', () => {
  const { ds } = make();
  const other = new InMemoryDataset(new Float32Array([7, 7, 7, 7]), [2, 2, 1], Int32Array.of(9), Int32Array.of(1));
  const cat = ds.subset([0]).concat(other);
  expect(Array.from(cat.targets)).toEqual([0, 9]);
  expect(Array.from(cat.taskLabels)).toEqual([3, 1]);
  expect(xOf(cat, [1])).toEqual([7, 7, 7, 7]);
  expect(tf.memory().numTensors).toBe(0);
});

test('bad inputs raise ValidationErrors naming the problem', () => {
  const { ds, store } = make();
  expect(() => ds.getBatch([6])).toThrow(/index 6 is out of range for a dataset of 6 samples/);
  expect(() => ds.subset([-1])).toThrow(ValidationError);
  expect(() => ArrayDataset.fromStore(store, [0, 1])).toThrow(/6 samples but 2 targets/);
  expect(() => ds.withAttribute('w', [1, 2])).toThrow(/attribute "w"/);
  try {
    new TypedArrayStore(new Uint8Array(5), [2, 2]);
  } catch (err) {
    expect(AvalancheError.isInstance(err)).toBe(true);
  }
});
