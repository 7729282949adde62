/** The data sets the project trains on: the one definition of their names (no imports, safe anywhere). */
export const DATASET_NAMES = ['cifar10', 'imdb'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];
