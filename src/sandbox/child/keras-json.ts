/**
 * KERAS_JSON submissions: `{ "model": <model.to_json()>, "compile": {...}, "fit": {...} }`,
 * parsed here on the host side of the child (no candidate code runs), so they skip the
 * candidate isolate and go straight to the analysis isolate.
 */
import { clean, errorMessage, SandboxFailureError } from './failures.js';

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
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('model' in parsed)) {
    throw new SandboxFailureError(
      'BAD_RETURN',
      'A KERAS_JSON submission is an object { "model": <model.to_json()>, "compile": {...}, "fit": {...} }.',
    );
  }
  const record = parsed as Record<string, unknown>;
  let model = record.model;
  if (typeof model === 'string') {
    try {
      model = JSON.parse(model);
    } catch (error) {
      throw new SandboxFailureError(
        'COMPILE_ERROR',
        clean(`"model" is a string but not valid JSON: ${errorMessage(error)}`),
      );
    }
  }
  if (model === null || typeof model !== 'object' || Array.isArray(model)) {
    throw new SandboxFailureError(
      'BAD_RETURN',
      '"model" must be the JSON that Keras model.to_json() produces (an object, or that object as a string).',
    );
  }
  return { topology: model, compile: record.compile, fit: record.fit };
}
