/** Public surface of the data-set module: sources, cache builder and loaders. */
export { datasetsDir, layout } from './paths.js';
export { DatasetError, type DatasetErrorCode } from './errors.js';
export { prepareDatasets, cacheFiles, type PrepareOptions, type PrepareResult } from './build.js';
export { readManifest, type Manifest, type DatasetManifest, type DatasetName, DATASET_NAMES } from './manifest.js';
export {
  loadCifar10,
  loadImdb,
  padSequences,
  gatherImages,
  gatherLabels,
  subset,
  balancedIndices,
  takeImages,
  takeSequences,
  seededRandom,
  type ImageSplit,
  type SequenceSplit,
  type LoadOptions,
  type PadOptions,
  type VerifyMode,
} from './loader.js';
export { CIFAR10_CLASSES, encodeCifarBinary, decodeCifarBinary } from './cifar10.js';
export { tokenize, PAD_ID, START_ID, OOV_ID, FIRST_WORD_ID, IMDB_CLASSES } from './imdb.js';
export { consoleProgress, silentProgress, type ProgressReporter } from './progress.js';
