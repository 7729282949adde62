/** Error codes raised by the data-set sources, the cache builder and the loaders. */
export type DatasetErrorCode =
  | 'SOURCE_MISSING' // no usable source for a data set (official files absent and npm failed)
  | 'SOURCE_INVALID' // a source exists but its content does not have the expected layout
  | 'INTEGRITY_MISMATCH' // a downloaded package does not match its pinned sha512
  | 'CACHE_MISSING' // the prepared cache (or a file of it) is absent
  | 'CACHE_CORRUPT' // a cache file's size or checksum disagrees with the manifest
  | 'BAD_ARGUMENT';

/** An error with a stable code and a message meant to be shown to a person as is. */
export class DatasetError extends Error {
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DatasetError';
  }
}
