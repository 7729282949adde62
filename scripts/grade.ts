/**
 * `npm run grade -- --exercise cifar10-cnn --file my-model.ts [--language TYPESCRIPT|JAVASCRIPT|KERAS_JSON] [--seed N] [--quick]`
 *
 * Grades a local file through the same pipeline as the service (sandbox → validation →
 * training on the real data → test-set evaluation → the exercise's grader), with a progress
 * bar and the per-epoch figures, then the grade and its feedback.
 *
 * Exit code: 0 passed, 1 failed, 2 error (the code did not build, the model was refused, or
 * the pipeline itself failed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { fail, intOption, parseCli } from './cli.js';
import { loadContent } from '../src/content/content-loader.js';
import { closeDefaultSandboxPool } from '../src/sandbox/sandbox.js';
import type { SubmissionLanguage } from '../src/sandbox/sandbox.types.js';
import {
  formatEpoch,
  formatInterval,
  modelExerciseSpec,
  percent,
  runSolution,
  type QuickRun,
} from '../src/grading/training/run-solution.js';

const LANGUAGES: SubmissionLanguage[] = ['TYPESCRIPT', 'JAVASCRIPT', 'KERAS_JSON'];
const QUICK: QuickRun = { trainSubset: 2000, testSubset: 1000, maxEpochs: 1 };

function usage(): string {
  return 'usage: npm run grade -- --exercise SLUG --file PATH [--language TYPESCRIPT|JAVASCRIPT|KERAS_JSON] [--seed N] [--quick]';
}

interface Args {
  exercise: string;
  file: string;
  language?: SubmissionLanguage;
  seed?: number;
  quick: boolean;
  dir: string;
}

function argsFrom(argv: string[]): Args {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { values: v } = parseCli(
    argv,
    {
      exercise: { type: 'string', short: 'e' },
      file: { type: 'string', short: 'f' },
      language: { type: 'string', short: 'l' },
      seed: { type: 'string' },
      quick: { type: 'boolean' },
      dir: { type: 'string' },
    },
    usage(),
  );
  if (!v.exercise || !v.file) fail(usage());
  let language: SubmissionLanguage | undefined;
  if (v.language !== undefined) {
    language = v.language.toUpperCase() as SubmissionLanguage;
    if (!LANGUAGES.includes(language)) fail(`--language must be one of ${LANGUAGES.join(', ')}`);
  }
  return {
    exercise: v.exercise,
    file: v.file,
    language,
    seed: intOption(v.seed, '--seed'),
    quick: v.quick ?? false,
    dir: v.dir ? path.resolve(v.dir) : path.join(root, 'exercises'),
  };
}

/** Language from the file name when not given: .json → KERAS_JSON, .js/.mjs/.cjs → JAVASCRIPT, else TYPESCRIPT. */
export function languageFromFile(file: string): SubmissionLanguage {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'KERAS_JSON';
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return 'JAVASCRIPT';
  return 'TYPESCRIPT';
}

async function main(): Promise<number> {
  const args = argsFrom(process.argv.slice(2));
  const code = readFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), args.file), 'utf8');
  const language = args.language ?? languageFromFile(args.file);
  const content = loadContent(args.dir);
  const ex = content.exercises.find((e) => e.file.slug === args.exercise);
  if (!ex)
    throw new Error(
      `no exercise "${args.exercise}"; MODEL exercises: ${content.exercises
        .filter((e) => e.file.type === 'MODEL')
        .map((e) => e.file.slug)
        .join(', ')}`,
    );
  const spec = modelExerciseSpec(ex);
  console.log(
    `Grading ${args.file} (${language}) against ${spec.slug}: ${spec.dataset}, threshold ${percent(spec.threshold)}, grader ${spec.grader}${args.quick ? ' — QUICK run on subsets, not a real grade' : ''}`,
  );

  const tty = Boolean(process.stdout.isTTY);
  const bars = new cliProgress.MultiBar(
    {
      format: ' {stage} |{bar}| {percentage}% | epoch {epoch}/{epochs} | batch {value}/{total} | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  let epochs = 0;
  const log = (s: string) => (bar && tty ? bars.log(`${s}\n`) : console.log(s));

  const outcome = await runSolution({
    spec,
    code,
    language,
    quick: args.quick ? QUICK : undefined,
    seed: args.seed,
    onStage: (s) => {
      if (s === 'sandbox') console.log('Building the model in the sandbox and validating it…');
    },
    onPlan: (plan, budget, n) => {
      epochs = n;
      console.log(
        `Accepted: ${plan.params.total.toLocaleString('en-US')} parameters (budget ${spec.budget.maxParams.toLocaleString('en-US')}), ` +
          `${plan.compile.optimizer.name} lr ${plan.compile.optimizer.learningRate}, ${plan.compile.loss}, ${n} epoch(s) of batch ${plan.fit.batchSize}, ` +
          `validationSplit ${plan.fit.validationSplit}, time limit ${budget.wallClockSeconds} s`,
      );
    },
    onProgress: (p) => {
      if (!tty) return;
      if (!bar) bar = bars.create(p.batchesInEpoch, 0, { stage: p.stage, epoch: p.epoch + 1, epochs });
      bar.setTotal(p.batchesInEpoch);
      bar.update(p.batch, { stage: p.stage === 'train' ? 'train   ' : 'evaluate', epoch: p.epoch + 1, epochs });
    },
    onEpoch: (e) => log(formatEpoch(e, epochs)),
  });
  bars.stop();

  if (!outcome.ok) {
    console.log(`\nERROR at ${outcome.stage} (${outcome.code}):\n${outcome.message}`);
    return 2;
  }
  const { result, grade } = outcome;
  const ev = result.evaluation;
  console.log(
    `\nTraining: ${result.stopMessage} on ${result.engine}; ${result.trainExamples.toLocaleString('en-US')} training examples`,
  );
  console.log(
    `Test: ${percent(ev.accuracy)} ${formatInterval(ev.interval)} on ${ev.count.toLocaleString('en-US')} examples, loss ${ev.loss.toFixed(4)}`,
  );
  console.log(
    `Per class: ${ev.perClassAccuracy.map((a, c) => `${ev.classNames[c] ?? c} ${percent(a, 0)}`).join(', ')}`,
  );
  console.log(`\n${grade.summary} — score ${grade.score}/100`);
  for (const f of grade.feedback) console.log(`  - ${f}`);
  return grade.passed ? 0 : 1;
}

main()
  .then(
    (code) => code,
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      return 2;
    },
  )
  .then(async (code) => {
    // Set first: closing the pool can let the event loop run dry before the await returns.
    process.exitCode = code;
    await closeDefaultSandboxPool();
    process.exit(code);
  });
