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
export { loadCifar10, loadCifar100, downloadCifar, CIFAR_URLS, type LoadCifarOptions } from './load-cifar.js';
export { splitCIFAR10, splitCIFAR100, splitCIFAR110, type SplitCifarOptions, type SplitCifar110Options } from './split-cifar.js';
export { loadTinyImageNet, splitTinyImageNet, TINY_IMAGENET_URL, type LoadTinyImageNetOptions, type SplitTinyImageNetOptions } from './split-tiny-imagenet.js';
export { core50, CORE50_SCENARIOS, CORE50_URLS, type Core50Options } from './core50.js';
export { loadSklearnDigits, SKLEARN_DIGITS_PATH } from './load-sklearn-digits.js';
export { decodeImage, type DecodedImage } from './decode-image.js';
export { imageFilesDataset, type ImageEntry, type ImageFilesOptions } from './image-files-dataset.js';
export { imageFolderDataset, readFilelist, filelistDataset, type NamedClassesDataset } from './image-folder-dataset.js';
export { filelistBenchmark, pathsBenchmark, type FilesBenchmarkOptions } from './filelist-benchmark.js';
export { untar, type TarEntry } from './untar.js';
export { makeTar } from './make-tar.js';
export { ZipArchive, makeZip, crc32, type ZipEntry } from './zip-archive.js';
export { downloadAndExtractZip } from './download-archive.js';
