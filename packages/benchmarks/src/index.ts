// @avalanche-ts/benchmarks: datasets, scenario generators and classic benchmarks (browser-safe entry).
// Node-only loaders (files, downloads, the classic benchmarks that read them) are in './node'.
export { type SampleStore, TypedArrayStore, typedArrayStore, type TypedArrayStoreOptions } from './sample-store.js';
export { type SampleTransform, type TransformGroups, transformGroups, imageDims } from './sample-transform.js';
export { normalize } from './normalize.js';
export { permutePixels } from './permute-pixels.js';
export { rotate, randomRotation } from './rotate.js';
export { randomCrop } from './random-crop.js';
export { randomHorizontalFlip } from './random-horizontal-flip.js';
export { ArrayDataset, type ArrayDatasetOptions, type DataAttribute } from './array-dataset.js';
export { datasetFromArrays, type DatasetFromArraysOptions } from './dataset-from-arrays.js';
export { datasetLoader, type DatasetLoaderOptions } from './dataset-loader.js';
export { takePerClass } from './take-per-class.js';
export { parseIdx, encodeIdx, type IdxArray, type IdxDtype } from './idx-format.js';
export { DATASET_CATALOG, NORMALIZATION, type DatasetSpec, type DatasetFileSpec } from './dataset-catalog.js';

export { classesTimeline, withClassesTimeline, type ClassesTimeline } from './classes-timeline.js';
export { makeExperience, type MakeExperienceOptions } from './make-experience.js';
export { ncBenchmark, type NcBenchmarkOptions, type NcScenario } from './nc-benchmark.js';
export { niBenchmark, type NiBenchmarkOptions, type NiScenario } from './ni-benchmark.js';
export { datasetBenchmark, type DatasetBenchmarkOptions } from './dataset-benchmark.js';
export { tensorsBenchmark, type TensorsBenchmarkOptions, type ExperienceTensors } from './tensors-benchmark.js';
export { dataIncrementalBenchmark, type DataIncrementalBenchmarkOptions } from './data-incremental-benchmark.js';
export { taskIncrementalBenchmark } from './task-incremental-benchmark.js';
export { benchmarkWithValidationStream, type BenchmarkWithValidationStreamOptions } from './benchmark-with-validation-stream.js';
export { splitValidationRandom, splitValidationClassBalanced, validationCount, type TrainValidSplit } from './validation-split.js';
export { splitOnlineStream, type SplitOnlineStreamOptions, type OnlineExperience } from './split-online-stream.js';
export { MemoStream, lazyStream } from './lazy-stream.js';
export { parseCifarBatch, encodeCifarBatch, type CifarBatch } from './cifar-format.js';
