/**
 * Evaluation of a trained model in chunks of EVAL_CHUNK test examples, so the trainer can report
 * progress between them: class counts merged into one confusion matrix, or a reconstruction's
 * per-example squared errors summed.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  evaluate,
  evaluateReconstruction,
  resultFromConfusion,
  type EvaluationResult,
  type ReconstructionResult,
} from '../../training/evaluate.js';
import { subsetSource, type BatchSource } from '../../training/sources.js';

/** Test examples per evaluation chunk (one progress step). */
export const EVAL_CHUNK = 1000;

/** A reconstruction's mean squared error on `source`, in chunks so progress can be reported. */
export async function evaluateReconstructionInChunks(
  model: LayersModel,
  source: BatchSource,
  batchSize: number,
  signal: AbortSignal | undefined,
  progress: (batch: number, batches: number) => void,
): Promise<ReconstructionResult> {
  const total: ReconstructionResult = { count: 0, sum: 0, sumOfSquares: 0 };
  const chunks = Math.ceil(source.size / EVAL_CHUNK);
  for (let c = 0; c < chunks; c++) {
    progress(c, chunks);
    const start = c * EVAL_CHUNK;
    const n = Math.min(EVAL_CHUNK, source.size - start);
    const part = subsetSource(
      source,
      Int32Array.from({ length: n }, (_, i) => start + i),
    );
    const r = await evaluateReconstruction(model, part, { batchSize, signal });
    total.count += r.count;
    total.sum += r.sum;
    total.sumOfSquares += r.sumOfSquares;
  }
  return total;
}

/** Evaluates in chunks so progress can be reported, and merges the chunks. */
export async function evaluateInChunks(
  model: LayersModel,
  source: BatchSource,
  numClasses: number,
  batchSize: number,
  signal: AbortSignal | undefined,
  progress: (batch: number, batches: number) => void,
): Promise<EvaluationResult> {
  const k = Math.max(2, numClasses);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  const chunks = Math.ceil(source.size / EVAL_CHUNK);
  for (let c = 0; c < chunks; c++) {
    progress(c, chunks);
    const start = c * EVAL_CHUNK;
    const n = Math.min(EVAL_CHUNK, source.size - start);
    const part = subsetSource(
      source,
      Int32Array.from({ length: n }, (_, i) => start + i),
    );
    const r = await evaluate(model, part, { batchSize, signal });
    lossSum += r.loss * r.count;
    for (let t = 0; t < k; t++) for (let p = 0; p < k; p++) confusion[t][p] += r.confusion[t]?.[p] ?? 0;
  }
  return resultFromConfusion(confusion, lossSum, source.size);
}
