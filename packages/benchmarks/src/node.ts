// @avalanche-ts/benchmarks/node: file readers, download and cache, and the classic benchmarks that load
// their data from disk. Uses node:fs, node:zlib and node:path, so it is kept out of the browser entry.
export { dataRoot, sharedDataDir, candidateDirs, locateFile, missingFileError, type DataLocationOptions } from './data-root.js';
export { downloadFile, md5OfContent, type DownloadFileOptions, type DownloadProgress } from './download-file.js';
export { ensureDatasetFile, type EnsureDatasetFileOptions } from './ensure-dataset-file.js';
export { readIdxFile, readIdxDataset } from './read-idx-file.js';
export { loadMnist10k, loadMnist, loadFashionMnist, type LoadMnistOptions, type MnistTrainSet, type TrainTestSets } from './load-mnist.js';
export { splitMNIST, type SplitMnistOptions } from './split-mnist.js';
export { permutedMNIST, rotatedMNIST, type PermutedMnistOptions, type RotatedMnistOptions } from './permuted-mnist.js';
export { splitFMNIST, type SplitFmnistOptions } from './split-fmnist.js';
export type { SplitOptions } from './build-split-benchmark.js';
