/**
 * A trainer process: trains one validated plan on the real data and reports over IPC.
 * The worker forks one per job, so jobs train in parallel on separate cores and a crash
 * or runaway allocation in training cannot take the worker down.
 */
import type { TrainerCommand, TrainerMessage } from './trainer-protocol.js';
import { buildModel, configureTrainingEngine, setCacheVerification, trainPlan } from './training/train-plan.js';

// The worker logged the engine once at start-up; trainer processes pick the same one quietly.
configureTrainingEngine({ logger: () => undefined });
setCacheVerification('size');

const send = (message: TrainerMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) return resolve();
    process.send(message, () => resolve());
  });

const abort = new AbortController();

process.on('message', (command: TrainerCommand) => {
  if (command.type === 'abort') abort.abort();
  if (command.type === 'train') void run(command);
});
process.on('disconnect', () => process.exit(0));

async function run(command: Extract<TrainerCommand, { type: 'train' }>): Promise<void> {
  // Rebuild once up front: a topology tfjs cannot instantiate is the candidate's problem, not ours.
  try {
    const probe = await buildModel(command.plan, command.seed);
    probe.dispose();
  } catch (e) {
    await send({
      type: 'error',
      kind: 'candidate',
      message: `The model could not be built for training: ${(e as Error).message}`,
    });
    process.exit(0);
  }
  try {
    const result = await trainPlan({
      plan: command.plan,
      dataset: command.dataset,
      task: command.task,
      budget: command.budget,
      seed: command.seed,
      signal: abort.signal,
      onEpoch: (log) => send({ type: 'epoch', log }),
      onProgress: (progress) => void send({ type: 'progress', progress }),
    });
    await send({ type: 'result', result });
  } catch (e) {
    await send({ type: 'error', kind: 'infrastructure', message: (e as Error).stack ?? String(e) });
  }
  process.exit(0);
}
