/** A file of a public dataset: where to get it and how to check it. */
export interface DatasetFileSpec {
  /** File name on disk (also the last part of each URL). */
  readonly file: string;
  /** Canonical URLs, tried in order. */
  readonly urls: readonly string[];
  /** md5 of the decompressed bytes (the .gz files are checked after gunzip, so re-compressed copies pass). */
  readonly md5?: string;
}

/** A dataset's folder under the data root and its files. */
export interface DatasetSpec {
  /** Folder name under the data root, e.g. "mnist". */
  readonly name: string;
  /** Extra places where a system package installs the files (checked after the data root). */
  readonly systemDirs?: readonly string[];
  readonly files: Readonly<Record<string, DatasetFileSpec>>;
}

const MNIST_MIRRORS = ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'];
const FMNIST_BASE = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';
const KMNIST_BASE = 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/';

const file = (name: string, bases: readonly string[], md5?: string): DatasetFileSpec => ({ file: name, urls: bases.map((b) => b + name), md5 });

/**
 * Known datasets with their canonical URLs and checksums of the decompressed files. The MNIST train
 * images' checksum is not catalogued (no copy on the build machines to confirm it), so that file is
 * downloaded unchecked.
 */
export const DATASET_CATALOG = {
  mnist: {
    name: 'mnist',
    files: {
      trainImages: file('train-images-idx3-ubyte.gz', MNIST_MIRRORS),
      trainLabels: file('train-labels-idx1-ubyte.gz', MNIST_MIRRORS, 'a25bea736e30d166cdddb491f175f624'),
      testImages: file('t10k-images-idx3-ubyte.gz', MNIST_MIRRORS, '2646ac647ad5339dbf082846283269ea'),
      testLabels: file('t10k-labels-idx1-ubyte.gz', MNIST_MIRRORS, '27ae3e4e09519cfbb04c329615203637'),
    },
  },
  fashionMnist: {
    name: 'fashion-mnist',
    systemDirs: ['/usr/share/datasets/fashion-mnist'],
    files: {
      trainImages: file('train-images-idx3-ubyte.gz', [FMNIST_BASE], 'f4a8712d7a061bf5bd6d2ca38dc4d50a'),
      trainLabels: file('train-labels-idx1-ubyte.gz', [FMNIST_BASE], '9018921c3c673c538a1fc5bad174d6f9'),
      testImages: file('t10k-images-idx3-ubyte.gz', [FMNIST_BASE], '8181f5470baa50b63fa0f6fddb340f0a'),
      testLabels: file('t10k-labels-idx1-ubyte.gz', [FMNIST_BASE], '15d484375f8d13e6eb1aabb0c3f46965'),
    },
  },
  kmnist: {
    name: 'kmnist',
    files: {
      trainImages: file('train-images-idx3-ubyte.gz', [KMNIST_BASE]),
      trainLabels: file('train-labels-idx1-ubyte.gz', [KMNIST_BASE]),
      testImages: file('t10k-images-idx3-ubyte.gz', [KMNIST_BASE]),
      testLabels: file('t10k-labels-idx1-ubyte.gz', [KMNIST_BASE]),
    },
  },
} as const satisfies Record<string, DatasetSpec>;

/** Normalisation constants of the classic benchmarks (Avalanche's `Normalize` arguments). */
export const NORMALIZATION = {
  mnist: { mean: [0.1307], std: [0.3081] },
  fashionMnist: { mean: [0.286], std: [0.353] },
  cifar10: { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] },
  cifar100: { mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762] },
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
} as const;
