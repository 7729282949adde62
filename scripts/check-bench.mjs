/**
 * npm run bench:check — how long the editor's Check takes for the guide's CNN: the API's
 * check pool (one warm child, the SANDBOX_* defaults), sandbox build + validation against
 * the cifar10-cnn budget, as checkModel runs it (minus GraphQL and the rate-limit counter).
 * Prints the child's warm-up, the first check, then 15 checks one second apart (a candidate
 * clicking Check: the child has refilled its spare isolates) and 15 back to back (it has not).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareSubmission } from '../dist/src/grading/model-validation/index.js';
import { SandboxPool } from '../dist/src/sandbox/sandbox.js';

const code = readFileSync(path.resolve('exercises/cifar10-cnn/reference.ts'), 'utf8');
const task = { dataset: 'cifar10', inputShape: [32, 32, 3], numClasses: 10, output: 'softmax' };
const budget = { maxParams: 250_000, maxEpochs: 4, maxBatchSize: 256, wallClockSeconds: 1200 };
const pool = new SandboxPool({ size: 1 });
const time = async (f) => {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
};
try {
  const [warm] = await time(() => pool.warmUp());
  console.log(`check pool child ready after          ${warm.toFixed(0)} ms (once, at API start)`);
  const check = () => prepareSubmission({ language: 'TYPESCRIPT', code, task }, budget, pool);
  const [firstMs, first] = await time(check);
  if (!first.ok) throw new Error(`the guide's CNN was refused: ${first.message}`);
  console.log(
    `first check of the guide's CNN         ${firstMs.toFixed(0)} ms (${first.plan.params.total} parameters)`,
  );
  const series = async (pauseMs) => {
    const samples = [];
    for (let i = 0; i < 15; i++) {
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      samples.push((await time(check))[0]);
    }
    samples.sort((a, b) => a - b);
    return `median ${samples[7].toFixed(0)} ms, max ${samples.at(-1).toFixed(0)} ms`;
  };
  console.log(`15 checks, one second apart:           ${await series(1000)}`);
  console.log(`15 checks, back to back:               ${await series(0)}`);
} finally {
  await pool.close();
}
