/**
 * A mentor's input ↔ a version's stored values: tests.yaml parsed and checked, the Python version
 * given whole or not at all, hints in order (en + zh-CN), and the newest version read back as a
 * full input so a patch can be laid over it.
 *
 *   versionValues(input, keptTests)  → the columns of an exercise_versions row, contentHash included
 *   inputOf(exercise, trackSlug, v)  → ExerciseDraftInput
 */
import { parse as parseYaml } from 'yaml';
import { DomainError } from '../common/domain-error.js';
import type { LocalizedText } from '../common/locale.js';
import { storedCodingTests, type StoredCodingTests } from '../coding/stored-tests.js';
import { flattenTests, TestsFileSchema, type CodingTest } from '../coding/tests-file.js';
import type { ExerciseEntity } from '../exercises/exercise.entity.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExerciseType } from '../exercises/exercise.types.js';
import type { ExerciseDraftInput, LocalizedTextInput } from './dto/exercise-draft.input.js';
import { draftHash } from './draft-hash.js';

const localized = (t: LocalizedTextInput): LocalizedText => ({ en: t.en, 'zh-CN': t.zhCN });

/** tests.yaml text from a mentor → tests; a problem is BAD_USER_INPUT naming testsYaml. */
function parseTestsYaml(text: string): CodingTest[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new DomainError('BAD_USER_INPUT', `testsYaml: not valid YAML (${(e as Error).message.split('\n')[0]})`, {
      field: 'testsYaml',
    });
  }
  const parsed = TestsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('BAD_USER_INPUT', `testsYaml: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      field: 'testsYaml',
    });
  }
  const tests = flattenTests(parsed.data);
  if (!tests.some((t) => t.hidden) || !tests.some((t) => !t.hidden)) {
    throw new DomainError('BAD_USER_INPUT', 'testsYaml: needs at least one visible and one hidden test', {
      field: 'testsYaml',
    });
  }
  return tests;
}

/** The newest version as a full input, so a patch can be laid over it. */
export function inputOf(exercise: ExerciseEntity, trackSlug: string, v: ExerciseVersionEntity): ExerciseDraftInput {
  const text = (t: LocalizedText) => ({ en: t.en, zhCN: t['zh-CN'] ?? '' });
  return {
    slug: exercise.slug,
    type: exercise.type === ExerciseType.CODING ? 'CODING' : 'MODEL',
    trackSlug,
    difficulty: v.difficulty,
    title: text(v.title),
    summary: text(v.summary),
    statement: text(v.statement),
    skills: v.skills,
    ...(v.dataset ? { dataset: v.dataset } : {}),
    ...(v.task ? { task: { ...v.task } } : {}),
    ...(v.budget ? { budget: { ...v.budget } } : {}),
    ...(v.entry ? { entry: v.entry } : {}),
    grader: v.grader,
    threshold: v.threshold ?? 0,
    starterCode: v.starterCode,
    referenceCode: v.referenceCode,
    ...(v.baselineCode ? { baselineCode: v.baselineCode } : {}),
    ...(v.hints?.length ? { hints: v.hints.map(text) } : {}),
    // A patch keeps the Python version unless it gives all three anew.
    ...(v.pythonEntry
      ? { pythonEntry: v.pythonEntry, pythonStarter: v.pythonStarterCode!, pythonReference: v.pythonReferenceCode! }
      : {}),
  };
}

/** `keptTests`: the stored tests to keep when the input has no testsYaml (a patch). */
export function versionValues(input: ExerciseDraftInput, keptTests?: StoredCodingTests | null) {
  const coding = input.type === 'CODING';
  const missing = (
    coding ? (['entry', 'testsYaml'] as const) : (['dataset', 'task', 'budget', 'baselineCode'] as const)
  ).filter((k) => input[k] === undefined && !(k === 'testsYaml' && keptTests));
  if (missing.length)
    throw new DomainError('BAD_USER_INPUT', `${missing[0]}: is required for a ${input.type} exercise`, {
      field: missing[0],
    });
  const python = [input.pythonEntry, input.pythonStarter, input.pythonReference];
  if (python.some((v) => v !== undefined) && !coding)
    throw new DomainError('BAD_USER_INPUT', 'pythonEntry: Python versions are for CODING exercises', {
      field: 'pythonEntry',
    });
  const absent = (['pythonEntry', 'pythonStarter', 'pythonReference'] as const).find((k) => input[k] === undefined);
  if (python.some((v) => v !== undefined) && absent)
    throw new DomainError('BAD_USER_INPUT', `${absent}: give pythonEntry, pythonStarter and pythonReference together`, {
      field: absent,
    });
  const values = {
    title: localized(input.title),
    summary: localized(input.summary),
    statement: localized(input.statement),
    difficulty: input.difficulty,
    skills: input.skills,
    dataset: coding ? null : input.dataset!,
    task: coding ? null : { ...input.task! },
    budget: coding ? null : { ...input.budget! },
    grader: input.grader ?? (coding ? 'unit-tests' : 'accuracy-threshold'),
    threshold: input.threshold,
    starterCode: input.starterCode,
    referenceCode: input.referenceCode,
    baselineCode: coding ? null : input.baselineCode!,
    extraSolutions: {},
    entry: coding ? input.entry! : null,
    pythonEntry: input.pythonEntry ?? null,
    pythonStarterCode: input.pythonStarter ?? null,
    pythonReferenceCode: input.pythonReference ?? null,
    // Practice hints, revealed in this order (src/learning); none given, or [], is none.
    hints: input.hints?.length ? input.hints.map(localized) : null,
    tests: !coding
      ? null
      : input.testsYaml === undefined
        ? keptTests!
        : storedCodingTests(parseTestsYaml(input.testsYaml)),
  };
  return { ...values, contentHash: draftHash(values) };
}
