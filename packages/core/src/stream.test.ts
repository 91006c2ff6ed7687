import { ListStream, LazyStream, isSizedStream } from './stream.js';
import type { Experience } from './experience.js';
import { ValidationError } from './errors.js';

function exp(i: number): Experience {
  return {
    currentExperience: i,
    streamName: 'train',
    dataset: undefined as never,
    taskLabels: [0],
    classesInThisExperience: [i],
  };
}

describe('ListStream', () => {
  it('creates experiences lazily and memoises them', () => {
    const created: number[] = [];
    const stream = new ListStream('train', 5, (i) => {
      created.push(i);
      return exp(i);
    });
    expect(created).toEqual([]);
    expect(stream.at(2).currentExperience).toBe(2);
    expect(stream.at(2)).toBe(stream.at(2));
    expect(created).toEqual([2]);
    expect(stream.length).toBe(5);
    expect(isSizedStream(stream)).toBe(true);
  });

  it('slices keep original indices and share the cache', () => {
    const stream = new ListStream('train', 6, exp);
    const slice = stream.slice(2, 5);
    expect(slice.length).toBe(3);
    expect([...slice].map((e) => e.currentExperience)).toEqual([2, 3, 4]);
    expect(slice.at(0)).toBe(stream.at(2));
    expect(slice.slice(1).at(0).currentExperience).toBe(3);
    expect(stream.slice(-2).at(-1).currentExperience).toBe(5);
    expect(stream.pick([4, 0]).at(1).currentExperience).toBe(0);
  });

  it('iterates twice with the same experiences', () => {
    const stream = new ListStream('test', 3, exp);
    expect([...stream]).toEqual([...stream]);
  });

  it('rejects out-of-range indices naming the stream', () => {
    const stream = new ListStream('test', 3, exp);
    expect(() => stream.at(3)).toThrow(ValidationError);
    expect(() => stream.at(3)).toThrow(/stream "test" has 3 experiences; index 3/);
    expect(() => stream.pick([7])).toThrow(/position 7/);
  });
});

describe('LazyStream', () => {
  it('pulls experiences one at a time, and can be consumed twice', () => {
    let pulled = 0;
    const stream = new LazyStream('online', function* () {
      for (let i = 0; i < 4; i++) {
        pulled++;
        yield exp(i);
      }
    });
    const it = stream[Symbol.iterator]();
    it.next();
    expect(pulled).toBe(1);
    expect([...stream].map((e) => e.currentExperience)).toEqual([0, 1, 2, 3]);
    expect([...stream].length).toBe(4);
    expect(isSizedStream(stream)).toBe(false);
  });
});
