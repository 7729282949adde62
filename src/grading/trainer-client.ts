import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadsPerJob } from '../training/threads.js';
import type { TrainerCommand, TrainerMessage } from './trainer-protocol.js';
import type { EpochLog, TrainPlanResult, TrainProgress } from './training/train-plan.js';

const childPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'trainer-child.js');

/** Trainer processes of this worker now running (a new one counts itself) for threadsPerJob. */
let running = 0;

export class TrainerError extends Error {
  constructor(
    readonly kind: 'candidate' | 'infrastructure',
    message: string,
  ) {
    super(message);
  }
}

export interface TrainInChildRequest extends Omit<Extract<TrainerCommand, { type: 'train' }>, 'type'> {
  signal?: AbortSignal;
  onEpoch?: (log: EpochLog) => Promise<void> | void;
  /** Awaited in order with onEpoch; a rejection ends training with that error. */
  onProgress?: (progress: TrainProgress) => Promise<void> | void;
}

/**
 * Trains in a forked trainer process (compiled `trainer-child.js` beside this file). Aborting
 * the signal asks the child to stop between batches (it then resolves with stopReason
 * 'aborted'); a child that does not stop within 10 s is killed.
 */
export function trainInChild(req: TrainInChildRequest): Promise<TrainPlanResult> {
  return new Promise((resolve, reject) => {
    // The native kernels' threads follow the load when the job starts (TRAINER_THREADS, when
    // the operator set it, wins); the count is part of the engine recorded with the submission.
    running++;
    const threads = process.env.TRAINER_THREADS ?? String(threadsPerJob(running));
    const child = fork(childPath, [], {
      env: { ...process.env, TRAINER_THREADS: threads },
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let settled = false;
    let chain = Promise.resolve();
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      running--;
      req.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      if (child.connected) child.send({ type: 'abort' } satisfies TrainerCommand);
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('message', (message: TrainerMessage) => {
      // Epoch callbacks write to the database: keep them in order.
      chain = chain
        .then(async () => {
          if (message.type === 'epoch') await req.onEpoch?.(message.log);
          else if (message.type === 'progress') await req.onProgress?.(message.progress);
          else if (message.type === 'result') done(() => resolve(message.result));
          else if (message.type === 'error') done(() => reject(new TrainerError(message.kind, message.message)));
        })
        .catch((e: unknown) =>
          done(() => {
            // A callback failed (e.g. a database write): nobody will read this child's results.
            child.kill('SIGKILL');
            reject(e);
          }),
        );
    });
    child.on('error', (e) =>
      done(() => reject(new TrainerError('infrastructure', `trainer process failed: ${e.message}`))),
    );
    child.on('exit', (code, signal) => {
      void chain.then(() =>
        done(() =>
          req.signal?.aborted
            ? reject(new TrainerError('infrastructure', 'training was stopped'))
            : reject(
                new TrainerError(
                  'infrastructure',
                  `the trainer process exited unexpectedly (${signal ?? `code ${code}`})`,
                ),
              ),
        ),
      );
    });
    child.send({
      type: 'train',
      plan: req.plan,
      dataset: req.dataset,
      task: req.task,
      budget: req.budget,
      seed: req.seed,
    } satisfies TrainerCommand);
    if (req.signal?.aborted) onAbort();
  });
}
