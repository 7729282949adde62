/**
 * `npm run exercises:validate [-- --exercise SLUG] [--quick] [--seed N] [--dir exercises]`
 *
 * For every CODING exercise (or the ones named), runs reference and starter in TypeScript and,
 * where offered, in Python (scripts/exercises-validate-coding.ts): the reference must pass every
 * test, the starter fail some.
 *
 * For every MODEL exercise (or the ones named), runs the reference, every extra solution
 * (e.g. small-model.ts) and the baseline through the grading pipeline (sandbox → validation
 * → training on the real data → evaluation on the test split → the exercise's grader), shows
 * the per-epoch figures, prints a table and exits non-zero when a reference or extra
 * solution does not pass, or the baseline does not fail.
 *
 * --wall-clock SECONDS overrides the exercises' training time limit, to measure what the
 * solutions reach when a shared machine is too busy for the real limit to be meaningful.
 *
 * --quick (CI): class-balanced subsets (2,000 train / 1,000 test examples) and one epoch.
 * It checks that the whole path works and that the reference beats the baseline; the
 * thresholds are not applied. An exercise with a `quick:` block in exercise.yaml is run on its
 * own subsets and epochs instead and graded with the block's threshold (and maxGap): its
 * reference must pass and its baseline fail, as in a full run.
 *
 * Grades reproduce: when exercise.yaml records a calibration (exercises:calibrate), the
 * reference is trained again with its first seed and must reach exactly the recorded accuracy
 * on the same engine and data (full, or --quick for a quick calibration); a line says why the
 * check is skipped otherwise.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { intOption, parseCli } from './cli.js';
import { loadContent, type LoadedExercise } from '../src/content/content-loader.js';
import { codingTable, validateCoding } from './exercises-validate-coding.js';
import { closeDefaultSandboxPool } from '../src/sandbox/sandbox.js';
import { round6 } from '../src/grading/training/calibration.js';
import {
  formatEpoch,
  formatInterval,
  modelExerciseSpec,
  percent,
  runSolution,
  trainBudgetFor,
  QUICK_RUN,
  type QuickRun,
  type RunSolutionOutcome,
} from '../src/grading/training/run-solution.js';

const QUICK: QuickRun = QUICK_RUN;

interface Args {
  exercises: string[];
  quick: boolean;
  seed?: number;
  dir: string;
  only?: string[];
  /** Override of every exercise's training wall-clock budget (measuring on a shared, loaded machine). */
  wallClock?: number;
}

function usage(): string {
  return 'usage: npm run exercises:validate -- [--exercise SLUG]... [--solution NAME]... [--quick] [--seed N] [--wall-clock SECONDS] [--dir DIR]';
}

function argsFrom(argv: string[]): Args {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { values: v } = parseCli(
    argv,
    {
      exercise: { type: 'string', short: 'e', multiple: true },
      solution: { type: 'string', multiple: true },
      quick: { type: 'boolean' },
      'wall-clock': { type: 'string' },
      seed: { type: 'string' },
      dir: { type: 'string' },
    },
    usage(),
  );
  return {
    exercises: v.exercise ?? [],
    only: v.solution,
    quick: v.quick ?? false,
    wallClock: intOption(v['wall-clock'], '--wall-clock', { min: 1 }),
    seed: intOption(v.seed, '--seed'),
    dir: v.dir ? path.resolve(v.dir) : path.join(root, 'exercises'),
  };
}

interface Row {
  exercise: string;
  solution: string;
  expect: 'pass' | 'fail';
  outcome: RunSolutionOutcome;
  verdict: 'ok' | 'WRONG';
  note: string;
}

function solutionsOf(e: LoadedExercise): { name: string; code: string; expect: 'pass' | 'fail' }[] {
  const list: { name: string; code: string; expect: 'pass' | 'fail' }[] = [
    { name: 'reference', code: e.referenceCode, expect: 'pass' },
  ];
  for (const [name, code] of Object.entries(e.extraSolutions)) list.push({ name, code, expect: 'pass' });
  if (e.baselineCode !== null) list.push({ name: 'baseline', code: e.baselineCode, expect: 'fail' });
  return list;
}

function languageOf(name: string, code: string): 'TYPESCRIPT' | 'JAVASCRIPT' | 'KERAS_JSON' {
  void name;
  return code.trimStart().startsWith('{') ? 'KERAS_JSON' : 'TYPESCRIPT';
}

function table(rows: Row[]): string {
  const header = [
    'exercise',
    'solution',
    'test accuracy',
    '95 % interval',
    'params',
    'epochs',
    'train s',
    'total s',
    'grade',
    'expected',
    'check',
  ];
  const lines = rows.map((r) => {
    const o = r.outcome;
    if (!o.ok)
      return [
        r.exercise,
        r.solution,
        'error',
        '',
        '',
        '',
        '',
        o.seconds.toFixed(0),
        `${o.stage}: ${o.code}`,
        r.expect,
        r.verdict,
      ];
    const ev = o.result.evaluation;
    const rec = ev.reconstruction;
    const epochs = `${o.result.history.filter((h) => !h.partial).length}${o.result.stopReason === 'completed' ? '' : ` (${o.result.stopReason})`}`;
    return [
      r.exercise,
      r.solution,
      rec ? `MSE ${rec.mse.toFixed(4)}` : percent(ev.accuracy),
      rec ? `[${rec.interval.low.toFixed(4)}, ${rec.interval.high.toFixed(4)}]` : formatInterval(ev.interval),
      o.plan.params.total.toLocaleString('en-US'),
      epochs,
      o.result.trainingSeconds.toFixed(0),
      o.seconds.toFixed(0),
      `${o.grade.passed ? 'passed' : 'failed'} (${o.grade.score})`,
      r.expect,
      r.verdict,
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((l) => l[c].length)));
  const fmt = (l: string[]) => `| ${l.map((s, c) => s.padEnd(widths[c])).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  const args = argsFrom(process.argv.slice(2));
  const content = loadContent(args.dir);
  let exercises = content.exercises.filter((e) => e.file.type === 'MODEL');
  let coding = content.exercises.filter((e) => e.file.type === 'CODING');
  if (args.exercises.length > 0) {
    const known = [...exercises, ...coding].map((e) => e.file.slug);
    const unknown = args.exercises.filter((s) => !known.includes(s));
    if (unknown.length > 0)
      throw new Error(`no MODEL or CODING exercise named ${unknown.join(', ')}; known: ${known.join(', ')}`);
    exercises = exercises.filter((e) => args.exercises.includes(e.file.slug));
    coding = coding.filter((e) => args.exercises.includes(e.file.slug));
  }
  const started = new Date();
  console.log(
    `exercises:validate ${args.quick ? '--quick ' : ''}— ${started.toISOString()} — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), node ${process.version}`,
  );
  if (args.quick)
    console.log(
      `quick run: ${QUICK.trainSubset} train / ${QUICK.testSubset} test examples (class-balanced), ${QUICK.maxEpochs} epoch; checks the path and reference > baseline, not the thresholds (an exercise with a quick: block runs and grades its own)`,
    );

  const rows: Row[] = [];
  let engine = '';
  for (const ex of exercises) {
    let spec = modelExerciseSpec(ex);
    if (args.wallClock !== undefined) {
      console.log(
        `\n(the training time limit of ${spec.slug} is overridden: ${args.wallClock} s instead of ${spec.budget.wallClockSeconds} s)`,
      );
      spec = { ...spec, budget: { ...spec.budget, wallClockSeconds: args.wallClock } };
    }
    // The exercise's own quick run, graded with its own quick limits, when it has one.
    const quick: QuickRun | undefined = args.quick ? (spec.quick ?? QUICK) : undefined;
    const quickLimits = args.quick ? spec.quick : undefined;
    const tb = trainBudgetFor(spec, quick);
    console.log(
      `\n== ${spec.slug}: ${spec.dataset}, grader ${spec.grader}, threshold ${
        spec.grader === 'mse-threshold'
          ? `MSE ≤ ${(quickLimits?.threshold ?? spec.threshold).toFixed(4)}`
          : percent(quickLimits?.threshold ?? spec.threshold)
      }` +
        ((quickLimits?.maxGap ?? spec.maxGap) !== undefined
          ? `, max train-test gap ${percent((quickLimits?.maxGap ?? spec.maxGap)!)}`
          : '') +
        `${quickLimits ? ' (its quick run)' : ''}, budget ${spec.budget.maxParams.toLocaleString('en-US')} params / ` +
        `${tb.maxEpochs} epochs / ${spec.budget.wallClockSeconds} s` +
        (tb.trainSubset ? `, train subset ${tb.trainSubset}` : '') +
        (tb.testSubset ? `, test subset ${tb.testSubset}` : ''),
    );
    for (const sol of solutionsOf(ex)) {
      if (args.only && !args.only.includes(sol.name)) continue;
      const tag = `[${spec.slug}/${sol.name}]`;
      let planEpochs = tb.maxEpochs;
      let lastTick = 0;
      const outcome = await runSolution({
        spec,
        code: sol.code,
        language: languageOf(sol.name, sol.code),
        quick,
        quickLimits,
        seed: args.seed,
        onPlan: (plan, _b, epochs) => {
          planEpochs = epochs;
          console.log(
            `${tag} accepted: ${plan.params.total.toLocaleString('en-US')} params, ${plan.compile.optimizer.name} lr ${plan.compile.optimizer.learningRate}, ` +
              `${plan.compile.loss}, ${epochs} epoch(s) of batch ${plan.fit.batchSize}, validationSplit ${plan.fit.validationSplit}; training…`,
          );
        },
        onEpoch: (e) => console.log(`${tag} ${formatEpoch(e, planEpochs)}`),
        onProgress: (p) => {
          // A heartbeat every 30 s between epoch lines (logs stay short in CI).
          const now = Date.now();
          if (now - lastTick < 30_000) return;
          lastTick = now;
          console.log(`${tag}   ${p.stage} epoch ${p.epoch + 1}, batch ${p.batch}/${p.batchesInEpoch}`);
        },
      }).catch((err: unknown): RunSolutionOutcome => ({
        ok: false,
        stage: 'train',
        code: 'CRASHED',
        message: (err as Error).stack ?? String(err),
        retryable: true,
        seconds: 0,
      }));
      if (outcome.ok) {
        engine = outcome.result.engine;
        const ev = outcome.result.evaluation;
        const measured = ev.reconstruction
          ? `test MSE ${ev.reconstruction.mse.toFixed(4)} [${ev.reconstruction.interval.low.toFixed(4)}, ${ev.reconstruction.interval.high.toFixed(4)}]`
          : `test ${percent(ev.accuracy)} ${formatInterval(ev.interval)}`;
        console.log(
          `${tag} ${outcome.result.stopMessage}; ${measured} on ${ev.count} examples; ` +
            (ev.train ? `train ${percent(ev.train.accuracy)} on ${ev.train.count} training examples; ` : '') +
            `${outcome.plan.params.total.toLocaleString('en-US')} params; ${outcome.seconds.toFixed(0)} s in all`,
        );
        console.log(`${tag} ${outcome.grade.summary} (score ${outcome.grade.score})`);
        for (const f of outcome.grade.feedback.slice(1)) console.log(`${tag}   - ${f}`);
      } else {
        console.log(`${tag} ERROR at ${outcome.stage} (${outcome.code}): ${outcome.message}`);
      }
      let verdict: Row['verdict'] = 'ok';
      let note = '';
      if (!outcome.ok) {
        verdict = 'WRONG';
        note = 'did not complete';
      } else if (!args.quick || quickLimits) {
        if ((sol.expect === 'pass') !== outcome.grade.passed) {
          verdict = 'WRONG';
          note = sol.expect === 'pass' ? 'should pass' : 'should fail';
        }
      }
      rows.push({ exercise: spec.slug, solution: sol.name, expect: sol.expect, outcome, verdict, note });
    }
    const repro = await reproduceCalibration(ex, spec, args, engine);
    if (repro) rows.push(repro);
    if (args.quick && !quickLimits) {
      // The reference must beat the baseline on the same reduced data.
      const acc = (name: string) => {
        const r = rows.find((x) => x.exercise === spec.slug && x.solution === name);
        // Higher is better: an error counts negated.
        const ev = r && r.outcome.ok ? r.outcome.result.evaluation : undefined;
        return ev?.reconstruction ? -ev.reconstruction.mse : ev?.accuracy;
      };
      const ref = acc('reference');
      const base = acc('baseline');
      if (ref !== undefined && base !== undefined && !(ref > base)) {
        const r = rows.find((x) => x.exercise === spec.slug && x.solution === 'reference')!;
        r.verdict = 'WRONG';
        r.note = `reference ${percent(ref)} does not beat baseline ${percent(base)}`;
      }
    }
  }

  const finished = new Date();
  console.log(
    `\n${args.quick ? 'Quick run' : 'Full run'} ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, engine ${engine || 'n/a'}, ${((finished.getTime() - started.getTime()) / 1000).toFixed(0)} s in all\n`,
  );
  if (rows.length > 0) console.log(table(rows));
  // CODING exercises, TypeScript and Python: seconds, so the quick run does them all too.
  const codingRows = await validateCoding(coding);
  if (codingRows.length > 0)
    console.log(`\nCoding exercises (reference passes every test, starter fails some):\n\n${codingTable(codingRows)}`);
  const wrong = [...rows, ...codingRows].filter((r) => r.verdict === 'WRONG');
  if (wrong.length > 0) {
    console.log(`\nFAILED: ${wrong.map((r) => `${r.exercise}/${r.solution} (${r.note})`).join('; ')}`);
    return 1;
  }
  console.log(`\nOK: ${rows.length + codingRows.length} solution(s) behaved as expected.`);
  return 0;
}

/**
 * Grades reproduce: the reference trained again with the first recorded calibration seed must
 * reach exactly the recorded accuracy on the same engine (and the same data: full, or --quick
 * for a quick calibration). Skipped, with a line saying why, otherwise.
 */
async function reproduceCalibration(
  ex: LoadedExercise,
  spec: ReturnType<typeof modelExerciseSpec>,
  args: Args,
  engine: string,
): Promise<Row | undefined> {
  const tag = `[${spec.slug}/calibration]`;
  const cal = ex.file.calibration;
  if (!cal) {
    console.log(`${tag} skipped: no calibration recorded in exercise.yaml`);
    return undefined;
  }
  const data = args.quick ? 'quick' : 'full';
  if (cal.data !== data) {
    console.log(`${tag} skipped: the calibration was measured on ${cal.data} data, this run is ${data}`);
    return undefined;
  }
  if (args.wallClock !== undefined) {
    console.log(`${tag} skipped: --wall-clock changes the budget the calibration was measured with`);
    return undefined;
  }
  if (args.only && !args.only.includes('reference')) return undefined;
  // The engine is known once a solution trained; before that, after this run.
  if (engine && engine !== cal.engine) {
    console.log(`${tag} skipped: recorded on ${cal.engine}, this machine trains on ${engine}`);
    return undefined;
  }
  const seed = cal.seeds[0]!;
  const expected = cal.reference.values[0]!;
  const outcome = await runSolution({
    spec: modelExerciseSpec(ex),
    code: ex.referenceCode,
    language: languageOf('reference', ex.referenceCode),
    quick: args.quick ? (spec.quick ?? QUICK) : undefined,
    quickLimits: args.quick ? spec.quick : undefined,
    seed,
  });
  if (outcome.ok && outcome.result.engine !== cal.engine) {
    console.log(`${tag} skipped: recorded on ${cal.engine}, this machine trains on ${outcome.result.engine}`);
    return undefined;
  }
  const ev = outcome.ok ? outcome.result.evaluation : undefined;
  const got = ev ? round6(cal.metric === 'mse' ? (ev.reconstruction?.mse ?? NaN) : ev.accuracy) : NaN;
  const same = got === expected;
  const show = (x: number) => (cal.metric === 'mse' ? `MSE ${x.toFixed(6)}` : percent(x, 4));
  console.log(
    `${tag} reference, seed ${seed}: ${outcome.ok ? show(got) : 'error'}, recorded ${show(expected)} (commit ${cal.commit}) — ${same ? 'reproduced exactly' : 'DIFFERENT'}`,
  );
  return {
    exercise: spec.slug,
    solution: `reference (seed ${seed}, calibration)`,
    expect: 'pass',
    outcome,
    verdict: same ? 'ok' : 'WRONG',
    note: same ? '' : `calibration seed ${seed} gave ${show(got)}, recorded ${show(expected)}`,
  };
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
