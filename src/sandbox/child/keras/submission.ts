/**
 * What a KERAS_JSON submission may be, all read here:
 *   - the bare `model.to_json()` of Keras 2 or Keras 3 (or a `.keras` archive's config.json,
 *     the same JSON), optionally with top-level `"compile"` and `"fit"` fields added;
 *   - the wrapped form `{ "model": <to_json() as object or string>, "compile": ..., "fit": ... }`.
 * compile comes from Keras 3's `compile_config` when it holds one, else from `compile`; when
 * neither is there (and for fit, when `fit` is absent) the plan carries null and the exercise's
 * defaults apply later (grading/model-validation).
 */
import { compileFromKeras, hasCompileConfig } from './compile-config.js';
import { convertKerasModel, kerasFormat } from './model.js';
import { isObject, KerasConversionError, Refusals, type Json } from './refusals.js';

/** Deepest nesting read; Keras writes about 10 levels. Deeper JSON would exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/** How deep a parsed JSON value nests, counted without recursion (stopping past the limit). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export interface KerasSubmission {
  /** The topology in the form tfjs-layers reads. */
  topology: Json;
  compile: unknown;
  fit: unknown;
  format: 'keras2' | 'keras3';
  /** Where compile came from. */
  compileFrom: 'compile_config' | 'compile' | 'none';
}

/** Thrown for a submission that is not a Keras model at all (the shape, not a layer). */
export class KerasShapeError extends Error {}

export const SHAPE_HINT =
  'A KERAS_JSON submission is what Keras model.to_json() returns (or the config.json of a .keras file), ' +
  'optionally with "compile" and "fit" fields; or { "model": <model.to_json()>, "compile": {...}, "fit": {...} }.';

function checkDepth(value: unknown): void {
  if (depthOf(value) <= MAX_JSON_DEPTH) return;
  throw new KerasConversionError([
    {
      path: 'model',
      message: `model: the JSON is nested more than ${MAX_JSON_DEPTH} levels deep, the limit (a Keras model needs about 10)`,
    },
  ]);
}

export function readKerasSubmission(parsed: unknown): KerasSubmission {
  if (!isObject(parsed)) throw new KerasShapeError(SHAPE_HINT);
  checkDepth(parsed);
  let model: unknown = parsed;
  if ('model' in parsed && !('class_name' in parsed)) {
    model = parsed.model;
    if (typeof model === 'string') {
      try {
        model = JSON.parse(model);
      } catch (error) {
        throw new KerasShapeError(`"model" is a string but not valid JSON: ${(error as Error).message}`);
      }
      checkDepth(model);
    }
  }
  if (!isObject(model) || typeof model.class_name !== 'string') {
    throw new KerasShapeError(`"model" must be the JSON Keras model.to_json() produces. ${SHAPE_HINT}`);
  }
  const refusals = new Refusals();
  let compile: unknown = null;
  let compileFrom: KerasSubmission['compileFrom'] = 'none';
  if (hasCompileConfig(model.compile_config)) {
    compile = compileFromKeras(model.compile_config, refusals);
    compileFrom = 'compile_config';
  } else if (parsed.compile !== undefined && parsed.compile !== null) {
    // A compile written by hand may hold Keras 3 objects too (an optimizer's get_config()).
    compile = isObject(parsed.compile) ? compileFromKeras(parsed.compile, refusals, 'compile') : parsed.compile;
    compileFrom = 'compile';
  }
  refusals.throwIfAny();
  return {
    topology: convertKerasModel(model),
    compile,
    fit: parsed.fit ?? null,
    format: kerasFormat(model),
    compileFrom,
  };
}
