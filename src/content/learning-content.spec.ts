import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ContentError, loadContent } from './content-loader.js';

/**
 * The loader's checks on practice hints (exercise.yaml) and explanations (explanation.*.md),
 * on a copy of one real exercise and its track in a temporary folder.
 */
const SLUG = 'stable-softmax';
let dir: string | undefined;

function copy(): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-learning-'));
  cpSync(path.resolve('exercises', SLUG), path.join(dir, SLUG), { recursive: true });
  // Its track alone, listing only this exercise, so the cross-references hold in the copy.
  const track = readFileSync(path.resolve('exercises/tracks/foundations.yaml'), 'utf8');
  mkdirSync(path.join(dir, 'tracks'));
  writeFileSync(
    path.join(dir, 'tracks/foundations.yaml'),
    track.replace(/\nexercises:\n(?: {2}- .*\n)+/, `\nexercises:\n  - ${SLUG}\n`),
  );
  return dir;
}
const problems = (root: string): string[] => {
  try {
    loadContent(root);
    return [];
  } catch (e) {
    if (e instanceof ContentError) return e.problems;
    throw e;
  }
};
const editYaml = (root: string, change: (yaml: string) => string) => {
  const file = path.join(root, SLUG, 'exercise.yaml');
  writeFileSync(file, change(readFileSync(file, 'utf8')));
};

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('hints and explanations in exercise content', () => {
  it('loads the hints in order and the explanation in both languages', () => {
    const root = copy();
    const [exercise] = loadContent(root).exercises;
    expect(exercise!.file.slug).toBe(SLUG);
    expect(exercise!.hints!.length).toBeGreaterThanOrEqual(2);
    expect(exercise!.hints![0]!.en).toMatch(/same number to every logit/);
    expect(exercise!.hints![0]!['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(exercise!.explanation!.en).toMatch(/^## /);
    expect(exercise!.explanation!['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    // Explanations are content, not extra solutions.
    expect(Object.keys(exercise!.extraSolutions)).toEqual([]);
  });

  it('refuses a hint missing a language, naming the file and the hint', () => {
    const root = copy();
    editYaml(root, (y) =>
      y.replace(/hints:\n {2}- en: [^\n]*\n {4}zh-CN: [^\n]*\n/, 'hints:\n  - en: Only English here.\n'),
    );
    // (The track then also misses the exercise the loader had to leave out.)
    const found = problems(root).filter((p) => p.includes('exercise.yaml'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/stable-softmax\/exercise\.yaml/);
    expect(found[0]).toMatch(/hints\.0\.zh-CN/);
  });

  it('refuses an empty list and more than five hints', () => {
    const root = copy();
    editYaml(root, (y) => y.replace(/\nhints:[\s\S]*$/, '\nhints: []\n'));
    expect(problems(root).join('\n')).toMatch(/hints/);
    const six = Array.from({ length: 6 }, (_, i) => `  - { en: "Hint ${i}", zh-CN: "提示 ${i}" }`).join('\n');
    editYaml(root, (y) => y.replace(/\nhints: \[\]\n$/, `\nhints:\n${six}\n`));
    const found = problems(root).filter((p) => p.includes('exercise.yaml'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/hints: .*<=5/);
  });

  it('refuses an explanation in one language only, and an empty one', () => {
    const root = copy();
    unlinkSync(path.join(root, SLUG, 'explanation.zh-CN.md'));
    expect(problems(root)).toEqual([
      expect.stringMatching(/explanation\.zh-CN\.md: file is missing \(an explanation comes in en and zh-CN\)/),
    ]);
    writeFileSync(path.join(root, SLUG, 'explanation.zh-CN.md'), '  \n');
    expect(problems(root)).toEqual([expect.stringMatching(/must not be empty/)]);
  });

  it('keeps the content hash of an exercise without hints or explanation as it was', () => {
    const root = copy();
    const before = loadContent(root).exercises[0]!;
    editYaml(root, (y) => y.replace(/\n# Practice only[\s\S]*$/, '\n'));
    unlinkSync(path.join(root, SLUG, 'explanation.en.md'));
    unlinkSync(path.join(root, SLUG, 'explanation.zh-CN.md'));
    const after = loadContent(root).exercises[0]!;
    expect(after.hints).toBeUndefined();
    expect(after.explanation).toBeUndefined();
    expect(after.contentHash).not.toBe(before.contentHash);
    // Same hash as the loader gave before hints existed: only the old fields (Python's included) are hashed.
    const legacy = {
      file: after.file,
      statement: after.statement,
      starterCode: after.starterCode,
      referenceCode: after.referenceCode,
      baselineCode: after.baselineCode,
      extraSolutions: after.extraSolutions,
      tests: after.tests,
      quiz: after.quiz,
      python: after.python,
    };
    expect(after.contentHash).toBe(createHash('sha256').update(JSON.stringify(legacy)).digest('hex'));
  });
});
