/**
 * How CODING tests are stored in `exercise_versions.tests` (jsonb): the sandbox's wire form, because
 * JSON cannot hold NaN or ±Infinity, which tests use. The encoding belongs to the coding engine, so
 * the entity holds plain JSON and never imports the sandbox.
 */
import type { JsonValue } from '../common/json.js';
import { fromWire, toWire } from '../sandbox/wire.js';
import type { CodingTest } from './tests-file.js';

/**
 * CODING tests in their stored wire form (one wire value per test); read them with codingTests().
 */
export type StoredCodingTests = JsonValue[];

/** The CODING tests of a version, decoded from their stored wire form. */
export function codingTests(version: { tests: StoredCodingTests | null | undefined }): CodingTest[] | null {
  return version.tests === null || version.tests === undefined ? null : (fromWire(version.tests) as CodingTest[]);
}

/** The stored form of CODING tests. */
export function storedCodingTests(tests: CodingTest[] | undefined | null): StoredCodingTests | null {
  return tests ? (toWire(tests) as StoredCodingTests) : null;
}
