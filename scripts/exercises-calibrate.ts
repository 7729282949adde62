/**
 * `npm run exercises:calibrate -- --exercise SLUG --seeds N [--quick] [--write] [--wall-clock S] [--dir exercises]`
 *
 * Trains the exercise's reference and baseline with seeds 1..N through the grading pipeline
 * (sandbox → validation → training on the real data → test split), prints each seed's test
 * accuracy (a reconstruction exercise: its test MSE, where lower is better) and the
 * distribution per side (mean, σ, min, max), and proposes a threshold: the reference's
 * mean − 3σ, rounded down to a tenth of a point, provided it is above the baseline's reach
 * (its mean + 3σ); for an MSE, mean + 3σ rounded up to 0.0001, below the baseline's mean − 3σ.
 * When the two overlap it proposes none, says so and exits with 1 (the block, written with
 * --write, then has `proposedThreshold: null`). A grader that reads the train–test gap gets
 * each run's train accuracy and gap printed beside it.
 *
 * --write puts the `calibration:` block (seeds, engine and threads, commit, accuracies, mean,
 * σ, proposal) into the exercise's exercise.yaml; the `threshold:` in force is left to you.
 * --quick trains on the CI subsets (2,000 / 1,000 examples, one epoch) to check the command:
 * such a block says `data: quick` and the worker does not use its σ.
 *
 * Slow (N × the reference's training on the full data); not part of CI.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, intOption, parseCli } from './cli.js';
import { loadContent } from '../src/content/content-loader.js';
import { closeDefaultSandboxPool } from '../src/sandbox/sandbox.js';
import { currentEngine } from '../src/training/engine.js';
import { meanAndSigma, proposeThreshold, type CalibrationMetric } from '../src/graders/index.js';
import { calibrationBlock, gitCommit, writeCalibration } from '../src/grading/training/calibration.js';
import {
  formatInterval,
  modelExerciseSpec,
  percent,
  QUICK_RUN,
  runSolution,
} from '../src/grading/training/run-solution.js';

const USAGE =
  'usage: npm run exercises:calibrate -- --exercise SLUG --seeds N [--quick] [--write] [--wall-clock SECONDS] [--dir DIR]';

async function main(): Promise<number> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { values: v } = parseCli(
    process.argv.slice(2),
    {
      exercise: { type: 'string', short: 'e' },
      seeds: { type: 'string' },
      quick: { type: 'boolean' },
      write: { type: 'boolean' },
      'wall-clock': { type: 'string' },
      dir: { type: 'string' },
    },
    USAGE,
  );
  if (!v.exercise) fail(`--exercise is required\n${USAGE}`);
  const n = intOption(v.seeds ?? '3', '--seeds', { min: 2 })!;
  const dir = v.dir ? path.resolve(v.dir) : path.join(root, 'exercises');
  const quick = v.quick ?? false;
  const wallClock = intOption(v['wall-clock'], '--wall-clock', { min: 1 });

  const exercise = loadContent(dir).exercises.find((e) => e.file.slug === v.exercise && e.file.type === 'MODEL');
  if (!exercise) fail(`no MODEL exercise named ${v.exercise} in ${dir}`);
  if (exercise.baselineCode === null) fail(`${v.exercise} has no baseline.ts`);
  let spec = modelExerciseSpec(exercise);
  if (wallClock !== undefined) spec = { ...spec, budget: { ...spec.budget, wallClockSeconds: wallClock } };
  const seeds = Array.from({ length: n }, (_, i) => i + 1);
  const metric: CalibrationMetric = spec.task.output === 'reconstruction' ? 'mse' : 'accuracy';
  const show = (x: number) => (metric === 'mse' ? `MSE ${x.toFixed(5)}` : percent(x, 2));
  console.log(
    `exercises:calibrate ${spec.slug} — ${n} seeds${quick ? ' (--quick: CI subsets, 1 epoch; σ not used by the worker)' : ', the exercise budget'} — ` +
      `${os.cpus().length} cores, node ${process.version}, threshold in force ${metric === 'mse' ? spec.threshold : percent(spec.threshold)}`,
  );

  const values = { reference: [] as number[], baseline: [] as number[] };
  let engine = '';
  for (const seed of seeds) {
    for (const side of ['reference', 'baseline'] as const) {
      const outcome = await runSolution({
        spec,
        code: side === 'reference' ? exercise.referenceCode : exercise.baselineCode!,
        language: 'TYPESCRIPT',
        quick: quick ? QUICK_RUN : undefined,
        seed,
      });
      if (!outcome.ok) {
        console.error(`[seed ${seed}] ${side}: ${outcome.stage} ${outcome.code}: ${outcome.message}`);
        return 2;
      }
      const r = outcome.result;
      engine = r.engine;
      if (r.stopReason !== 'completed')
        console.log(`[seed ${seed}] ${side}: note: ${r.stopMessage} (a run cut by the time limit may not reproduce)`);
      const ev = r.evaluation;
      const rec = ev.reconstruction;
      if (metric === 'mse' && !rec) {
        console.error(`[seed ${seed}] ${side}: a reconstruction exercise's run measured no MSE`);
        return 2;
      }
      values[side].push(rec ? rec.mse : ev.accuracy);
      const measured = rec
        ? `${show(rec.mse)} [${rec.interval.low.toFixed(5)}, ${rec.interval.high.toFixed(5)}] on ${rec.count}`
        : `${show(ev.accuracy)} ${formatInterval(ev.interval)} on ${ev.count}`;
      const gap = ev.train
        ? `, train ${percent(ev.train.accuracy, 2)} (gap ${(100 * (ev.train.accuracy - ev.accuracy)).toFixed(1)} points)`
        : '';
      console.log(
        `[seed ${seed}] ${side.padEnd(9)} ${measured} test examples${gap}, ${r.trainingSeconds.toFixed(0)} s of training`,
      );
    }
  }

  console.log(`\nengine ${engine}\n`);
  console.log('| side | mean | σ | min | max | per seed |');
  console.log('|---|---|---|---|---|---|');
  for (const side of ['reference', 'baseline'] as const) {
    const a = values[side];
    const { mean, sigma } = meanAndSigma(a);
    const spread = metric === 'mse' ? sigma.toFixed(5) : `${(100 * sigma).toFixed(2)} pt`;
    console.log(
      `| ${side} | ${show(mean)} | ${spread} | ${show(Math.min(...a))} | ${show(Math.max(...a))} | ${a.map(show).join(', ')} |`,
    );
  }
  const proposal = proposeThreshold(values.reference, values.baseline, metric);
  const proposed =
    proposal.threshold === null
      ? 'none'
      : metric === 'mse'
        ? proposal.threshold.toFixed(4)
        : percent(proposal.threshold, 1);
  console.log(`\nproposed threshold: ${proposed} — ${proposal.note}`);

  if (v.write) {
    const block = calibrationBlock({
      seeds,
      reference: values.reference,
      baseline: values.baseline,
      metric,
      engine,
      threads: currentEngine()?.threads ?? 1,
      data: quick ? 'quick' : 'full',
      commit: gitCommit(root),
    });
    const file = path.join(dir, spec.slug, 'exercise.yaml');
    writeCalibration(file, block);
    console.log(`wrote the calibration block to ${path.relative(process.cwd(), file)}`);
  } else console.log('(not written: add --write to record this table in exercise.yaml)');
  return proposal.threshold === null ? 1 : 0;
}

main()
  .then(
    (code) => code,
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      return 2;
    },
  )
  .then(async (code) => {
    process.exitCode = code;
    await closeDefaultSandboxPool();
    process.exit(code);
  });
