/**
 * KERAS_JSON submissions, parsed here on the host side of the child (no candidate code runs),
 * so they skip the candidate isolate and go straight to the analysis isolate. The forms
 * accepted and the Keras 2/3 → tfjs conversion live in keras/ (submission.ts, model.ts).
 */
import { clean, errorMessage, SandboxFailureError } from './failures.js';
import { KerasConversionError } from './keras/refusals.js';
import { KerasShapeError, readKerasSubmission } from './keras/submission.js';

/** What a candidate hands over: a topology to rebuild, and the training plan as given. */
export interface CandidateOutput {
  topology: unknown;
  compile: unknown;
  fit: unknown;
}

export function parseKerasSubmission(code: string): CandidateOutput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(code);
  } catch (error) {
    throw new SandboxFailureError('COMPILE_ERROR', clean(`The submission is not valid JSON: ${errorMessage(error)}`));
  }
  try {
    const submission = readKerasSubmission(parsed);
    return { topology: submission.topology, compile: submission.compile, fit: submission.fit };
  } catch (error) {
    if (error instanceof KerasShapeError) throw new SandboxFailureError('BAD_RETURN', clean(error.message));
    if (error instanceof KerasConversionError) {
      // One refusal per line, each naming the layer and option.
      const message = error.refusals.map((r) => clean(r.message)).join('\n');
      throw new SandboxFailureError('INVALID_MODEL', message);
    }
    throw error;
  }
}
