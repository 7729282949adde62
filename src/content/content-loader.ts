import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadQuiz, type QuizFile } from '../coding/quiz-file.js';
import { loadCodingTests, type CodingTest } from '../coding/tests-file.js';
import { ExerciseFileSchema, TrackFileSchema, type ExerciseFile, type TrackFile } from './content.schema.js';
import { readYamlFile } from '../common/yaml-file.js';

export interface LoadedExercise {
  file: ExerciseFile;
  statement: { en: string; 'zh-CN': string };
  starterCode: string;
  referenceCode: string;
  baselineCode: string | null;
  /** Other solution files in the folder (e.g. small-model.ts), by file name without extension. */
  extraSolutions: Record<string, string>;
  /** CODING: the tests from tests.yaml, visible first, each with its compare rule resolved. */
  tests?: CodingTest[];
  /** QUIZ: the questions, options, answer key and explanations from quiz.yaml. */
  quiz?: QuizFile;
  /** CODING offered in Python: starter.py, reference.py and exercise.yaml's python-entry. */
  python?: PythonSolutions;
  /** Practice only: hints (from exercise.yaml) and the explanation (explanation.<locale>.md), when given. */
  hints?: { en: string; 'zh-CN': string }[];
  explanation?: { en: string; 'zh-CN': string };
  contentHash: string;
}

export interface PythonSolutions {
  entry: string;
  starterCode: string;
  referenceCode: string;
}

export interface LoadedContent {
  tracks: (TrackFile & { contentHash: string })[];
  exercises: LoadedExercise[];
}

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Content in exercises/ is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ContentError';
  }
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const SPECIAL_FILES = new Set([
  'exercise.yaml',
  'statement.en.md',
  'statement.zh-CN.md',
  'starter.ts',
  'reference.ts',
  'baseline.ts',
  'explanation.en.md',
  'explanation.zh-CN.md',
]);

/** starter.py + reference.py + python-entry: all three, or none of them. */
function loadPython(
  folder: string,
  file: ExerciseFile,
  read: (f: string, required: boolean) => string | null,
  problems: string[],
): PythonSolutions | undefined {
  const entry = file['python-entry'];
  const hasFiles = existsSync(path.join(folder, 'starter.py')) || existsSync(path.join(folder, 'reference.py'));
  if (entry === undefined) {
    if (hasFiles)
      problems.push(
        `${path.join(folder, 'exercise.yaml')}: python-entry is required next to starter.py / reference.py`,
      );
    return undefined;
  }
  const starterCode = read('starter.py', true);
  const referenceCode = read('reference.py', true);
  if (starterCode === null || referenceCode === null) return undefined;
  return { entry, starterCode, referenceCode };
}

/** Reads and checks every track and exercise file; throws one ContentError listing every problem. */
export function loadContent(dir: string): LoadedContent {
  const problems: string[] = [];
  const trackDir = path.join(dir, 'tracks');
  if (!existsSync(trackDir)) throw new ContentError([`${trackDir}: folder not found`]);

  const tracks: LoadedContent['tracks'] = [];
  for (const name of readdirSync(trackDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const file = path.join(trackDir, name);
    const track = readYamlFile(TrackFileSchema, file, problems);
    if (!track) continue;
    if (`${track.slug}.yaml` !== name) problems.push(`${file}: slug "${track.slug}" does not match the file name`);
    tracks.push({ ...track, contentHash: hash(track) });
  }

  const exercises: LoadedExercise[] = [];
  for (const name of readdirSync(dir).sort()) {
    const folder = path.join(dir, name);
    if (name === 'tracks' || !statSync(folder).isDirectory()) continue;
    const yamlFile = path.join(folder, 'exercise.yaml');
    if (!existsSync(yamlFile)) continue;
    const file = readYamlFile(ExerciseFileSchema, yamlFile, problems);
    if (!file) continue;
    if (file.slug !== name) problems.push(`${yamlFile}: slug "${file.slug}" does not match the folder name`);
    const read = (f: string, required: boolean) => {
      const p = path.join(folder, f);
      if (existsSync(p)) return readFileSync(p, 'utf8');
      if (required) problems.push(`${p}: file is missing`);
      return null;
    };
    const statement = { en: read('statement.en.md', true) ?? '', 'zh-CN': read('statement.zh-CN.md', true) ?? '' };
    const starterCode = read('starter.ts', file.type !== 'QUIZ') ?? '';
    const referenceCode = read('reference.ts', file.type !== 'QUIZ') ?? '';
    const baselineCode = read('baseline.ts', file.type === 'MODEL');
    const extraSolutions: Record<string, string> = {};
    for (const f of readdirSync(folder).sort()) {
      if (!SPECIAL_FILES.has(f) && /\.(ts|js|json)$/.test(f))
        extraSolutions[f.replace(/\.(ts|js|json)$/, '')] = read(f, true) ?? '';
    }
    // tests/quiz stay undefined for MODEL exercises, so their content hash is unchanged.
    let tests: CodingTest[] | undefined;
    let quiz: QuizFile | undefined;
    if (file.type === 'CODING') {
      const testsFile = path.join(folder, 'tests.yaml');
      if (existsSync(testsFile)) tests = loadCodingTests(testsFile, problems);
      else problems.push(`${testsFile}: file is missing`);
    }
    if (file.type === 'QUIZ') {
      const quizFile = path.join(folder, 'quiz.yaml');
      if (existsSync(quizFile)) quiz = loadQuiz(quizFile, problems);
      else problems.push(`${quizFile}: file is missing`);
    }
    const python = loadPython(folder, file, read, problems);
    // python stays undefined without .py files, so such an exercise's content hash is unchanged.
    // Both languages or neither; the hints live in exercise.yaml (file.hints).
    const explanationEn = read('explanation.en.md', false);
    const explanationZh = read('explanation.zh-CN.md', false);
    let explanation: LoadedExercise['explanation'];
    if (explanationEn !== null || explanationZh !== null) {
      const missing = explanationEn === null ? 'explanation.en.md' : 'explanation.zh-CN.md';
      if (explanationEn === null || explanationZh === null)
        problems.push(`${path.join(folder, missing)}: file is missing (an explanation comes in en and zh-CN)`);
      else if (!explanationEn.trim() || !explanationZh.trim())
        problems.push(`${folder}: explanation.en.md and explanation.zh-CN.md must not be empty`);
      else explanation = { en: explanationEn, 'zh-CN': explanationZh };
    }
    // hints/explanation are left undefined when absent, so exercises without them keep their content hash.
    const content = {
      file,
      statement,
      starterCode,
      referenceCode,
      baselineCode,
      extraSolutions,
      tests,
      quiz,
      python,
      explanation,
    };
    exercises.push({ ...content, hints: file.hints, contentHash: hash(content) });
  }

  // Cross-references: tracks ↔ exercises ↔ skills.
  const skillSlugs = new Set<string>();
  for (const t of tracks) {
    for (const s of t.skills) {
      if (skillSlugs.has(s.slug)) problems.push(`tracks/${t.slug}.yaml: skill "${s.slug}" is defined twice`);
      skillSlugs.add(s.slug);
    }
  }
  const trackSlugs = new Set(tracks.map((t) => t.slug));
  const exerciseSlugs = new Set(exercises.map((e) => e.file.slug));
  for (const t of tracks) {
    for (const entry of t.exercises) {
      if (typeof entry === 'string' && !exerciseSlugs.has(entry)) {
        problems.push(
          `tracks/${t.slug}.yaml: exercise "${entry}" has no folder ${entry}/ (mark it planned: true if it is not written yet)`,
        );
      }
    }
  }
  for (const e of exercises) {
    if (!trackSlugs.has(e.file.track))
      problems.push(`${e.file.slug}/exercise.yaml: track "${e.file.track}" does not exist`);
    for (const s of e.file.skills)
      if (!skillSlugs.has(s)) problems.push(`${e.file.slug}/exercise.yaml: skill "${s}" is not defined by any track`);
  }
  if (problems.length > 0) throw new ContentError(problems);
  return { tracks, exercises };
}
