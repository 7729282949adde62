import { Foundation1763900000000 } from './1763900000000-foundation.js';

/** Every migration, in order. Listed explicitly so the same list works compiled and under Jest. */
export const MIGRATIONS = [Foundation1763900000000];
