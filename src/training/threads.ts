/** How many threads the native kernels of this process use. */
import os from 'node:os';

/**
 * TRAINER_THREADS (a positive integer) wins; then what the caller decided (the worker: cores ÷
 * running jobs when the job started); then every core.
 */
export function trainerThreads(requested?: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.TRAINER_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (requested !== undefined && Number.isInteger(requested) && requested > 0) return requested;
  return os.availableParallelism();
}

/**
 * Threads for a job that starts while `running` jobs (itself included) train on this host:
 * cores ÷ running, at least 1. Decided once, when the job starts.
 */
export function threadsPerJob(running: number, cores: number = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, running)));
}
