/**
 * The editor's form state and its conversions: from a draft's content (as exerciseDraft reads it
 * back), to createExercise's full input, and to updateExercise's patch (only what changed).
 */
import type { DraftContentFieldsFragment, ExerciseDraftInput, ExerciseDraftPatch } from '../gql/graphql';
import type { HintText } from './HintsField';

export interface FormState {
  slug: string;
  type: 'MODEL' | 'CODING';
  trackSlug: string;
  difficulty: string;
  titleEn: string;
  titleZh: string;
  summaryEn: string;
  summaryZh: string;
  statementEn: string;
  statementZh: string;
  skills: string[];
  dataset: string;
  inputShape: string;
  numClasses: string;
  vocabSize: string;
  seqLen: string;
  output: string;
  maxParams: string;
  maxEpochs: string;
  maxBatchSize: string;
  wallClockSeconds: string;
  trainSubset: string;
  testSubset: string;
  grader: string;
  threshold: string;
  entry: string;
  testsYaml: string;
  starterCode: string;
  referenceCode: string;
  baselineCode: string;
  /** CODING offered in Python: all three, or none. */
  pythonEntry: string;
  pythonStarter: string;
  pythonReference: string;
  hints: HintText[];
}

const CODING_TESTS = `compare: { kind: exact }
# expected: null until "Fill expected values" runs the reference on the inputs.
visible:
  - { name: small, input: [[1, 2, 3]], expected: null }
hidden:
  - { name: empty, input: [[]], expected: null }
`;

/** A new exercise: a CODING skeleton that already has the parts validation needs. */
export function blankForm(): FormState {
  return {
    slug: '',
    type: 'CODING',
    trackSlug: '',
    difficulty: '2',
    titleEn: '',
    titleZh: '',
    summaryEn: '',
    summaryZh: '',
    statementEn: '',
    statementZh: '',
    skills: [],
    dataset: 'cifar10',
    inputShape: '32, 32, 3',
    numClasses: '10',
    vocabSize: '',
    seqLen: '',
    output: 'softmax',
    maxParams: '250000',
    maxEpochs: '2',
    maxBatchSize: '256',
    wallClockSeconds: '300',
    trainSubset: '',
    testSubset: '',
    grader: '',
    threshold: '1',
    entry: 'default',
    testsYaml: CODING_TESTS,
    starterCode: 'export default function solve(xs: number[]): number[] {\n  return xs;\n}\n',
    referenceCode: 'export default function solve(xs: number[]): number[] {\n  return xs;\n}\n',
    baselineCode: '',
    pythonEntry: '',
    pythonStarter: '',
    pythonReference: '',
    hints: [],
  };
}

interface StoredTest {
  name: string;
  hidden: boolean;
  input: unknown[];
  expected?: unknown;
  throws?: boolean;
  compare?: unknown;
}

/**
 * Stored tests (JSON) back to the tests.yaml form, one flow mapping per test (YAML reads JSON),
 * the most common rule lifted to the file's `compare`.
 */
export function testsToYaml(json: string | null): string {
  if (!json) return '';
  const tests = JSON.parse(json) as StoredTest[];
  const rule = JSON.stringify(tests[0]?.compare ?? { kind: 'exact' });
  const line = (t: StoredTest) => {
    const o: Record<string, unknown> = { name: t.name, input: t.input };
    if (t.throws) o.throws = true;
    else o.expected = t.expected ?? null;
    if (JSON.stringify(t.compare) !== rule) o.compare = t.compare;
    return `  - ${JSON.stringify(o)}`;
  };
  const part = (hidden: boolean) => tests.filter((t) => t.hidden === hidden).map(line);
  return [`compare: ${rule}`, 'visible:', ...part(false), 'hidden:', ...part(true), ''].join('\n');
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function formFromContent(slug: string, c: DraftContentFieldsFragment): FormState {
  return {
    slug,
    type: c.type === 'MODEL' ? 'MODEL' : 'CODING',
    trackSlug: c.trackSlug,
    difficulty: String(c.difficulty),
    titleEn: c.title.en,
    titleZh: c.title.zhCN,
    summaryEn: c.summary.en,
    summaryZh: c.summary.zhCN,
    statementEn: c.statement.en,
    statementZh: c.statement.zhCN,
    skills: c.skills,
    dataset: c.dataset ?? '',
    inputShape: c.task?.inputShape.join(', ') ?? '',
    numClasses: str(c.task?.numClasses),
    vocabSize: str(c.task?.vocabSize),
    seqLen: str(c.task?.seqLen),
    output: c.task?.output ?? '',
    maxParams: str(c.budget?.maxParams),
    maxEpochs: str(c.budget?.maxEpochs),
    maxBatchSize: str(c.budget?.maxBatchSize),
    wallClockSeconds: str(c.budget?.wallClockSeconds),
    trainSubset: str(c.budget?.trainSubset),
    testSubset: str(c.budget?.testSubset),
    grader: c.grader,
    threshold: str(c.threshold),
    entry: c.entry ?? '',
    testsYaml: testsToYaml(c.tests),
    starterCode: c.starterCode,
    referenceCode: c.referenceCode,
    baselineCode: c.baselineCode ?? '',
    pythonEntry: c.pythonEntry ?? '',
    pythonStarter: c.pythonStarter ?? '',
    pythonReference: c.pythonReference ?? '',
    hints: c.hints.map((h) => ({ en: h.en, zh: h.zhCN })),
  };
}

/** A number field: NaN for text that is not one, so the server names the field. */
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** The full input createExercise takes (empty optional fields left out). */
export function toInput(f: FormState): ExerciseDraftInput {
  const model = f.type === 'MODEL';
  return {
    slug: f.slug.trim(),
    type: f.type,
    trackSlug: f.trackSlug,
    difficulty: Number(f.difficulty),
    title: { en: f.titleEn, zhCN: f.titleZh },
    summary: { en: f.summaryEn, zhCN: f.summaryZh },
    statement: { en: f.statementEn, zhCN: f.statementZh },
    skills: f.skills,
    threshold: Number(f.threshold),
    starterCode: f.starterCode,
    referenceCode: f.referenceCode,
    ...(f.grader ? { grader: f.grader } : {}),
    hints: f.hints.map((h) => ({ en: h.en, zhCN: h.zh })),
    // Any of the three sends all three, so the server names the one left empty.
    ...(!model && (f.pythonEntry || f.pythonStarter || f.pythonReference)
      ? { pythonEntry: f.pythonEntry.trim(), pythonStarter: f.pythonStarter, pythonReference: f.pythonReference }
      : {}),
    ...(model
      ? {
          dataset: f.dataset,
          task: {
            inputShape: f.inputShape
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(Number),
            numClasses: Number(f.numClasses),
            ...(num(f.vocabSize) !== undefined ? { vocabSize: num(f.vocabSize) } : {}),
            ...(num(f.seqLen) !== undefined ? { seqLen: num(f.seqLen) } : {}),
            ...(f.output ? { output: f.output } : {}),
          },
          budget: {
            maxParams: Number(f.maxParams),
            maxEpochs: Number(f.maxEpochs),
            maxBatchSize: Number(f.maxBatchSize),
            wallClockSeconds: Number(f.wallClockSeconds),
            ...(num(f.trainSubset) !== undefined ? { trainSubset: num(f.trainSubset) } : {}),
            ...(num(f.testSubset) !== undefined ? { testSubset: num(f.testSubset) } : {}),
          },
          ...(f.baselineCode ? { baselineCode: f.baselineCode } : {}),
        }
      : { entry: f.entry, testsYaml: f.testsYaml }),
  };
}

/** updateExercise's patch: only the top-level fields whose value differs from what was loaded. */
export function toPatch(initial: FormState, now: FormState): ExerciseDraftPatch {
  const before = toInput(initial) as Record<string, unknown>;
  const after = toInput(now) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (k === 'slug' || k === 'type') continue;
    if (JSON.stringify(v) !== JSON.stringify(before[k])) patch[k] = v;
  }
  return patch as ExerciseDraftPatch;
}
