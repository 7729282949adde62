/**
 * The hash of what a validation run checks. A run is requested for one hash; the worker
 * validates only content with that hash (an edit in between ends the run as stale), and only
 * content with the hash of a PASSED run can be published.
 */
import { createHash } from 'node:crypto';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';

/** What a validation run checks; any change to it makes an earlier run stale. */
export function draftHash(
  v: Pick<
    ExerciseVersionEntity,
    | 'dataset'
    | 'task'
    | 'budget'
    | 'grader'
    | 'threshold'
    | 'starterCode'
    | 'referenceCode'
    | 'baselineCode'
    | 'extraSolutions'
    | 'entry'
    | 'tests'
  > &
    Partial<Pick<ExerciseVersionEntity, 'pythonEntry' | 'pythonStarterCode' | 'pythonReferenceCode'>>,
): string {
  const {
    dataset,
    task,
    budget,
    grader,
    threshold,
    starterCode,
    referenceCode,
    baselineCode,
    extraSolutions,
    entry,
    tests,
    pythonEntry,
    pythonStarterCode,
    pythonReferenceCode,
  } = v;
  // Only a version offered in Python hashes its Python code, so earlier hashes (and runs) stay valid.
  const python = pythonEntry ? { pythonEntry, pythonStarterCode, pythonReferenceCode } : {};
  return createHash('sha256')
    .update(
      JSON.stringify({
        dataset,
        task,
        budget,
        grader,
        threshold,
        starterCode,
        referenceCode,
        baselineCode,
        extraSolutions,
        entry,
        tests,
        ...python,
      }),
    )
    .digest('hex');
}
