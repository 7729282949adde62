/**
 * tests.yaml of a coding exercise: the inputs the host sends into the sandbox and the
 * expected values it keeps to itself.
 *
 *   compare: { kind: array, rtol: 1e-6 }     # default rule for every test (optional)
 *   visible:                                 # shown to the candidate with input, expected, got
 *     - name: three logits
 *       input: [[1, 2, 3]]                   # the argument list
 *       expected: [0.0900, 0.2447, 0.6652]
 *       compare: { kind: array, atol: 1e-4 } # this test's own rule (optional)
 *   hidden:                                  # only counted ("7 of 9 hidden tests passed")
 *     - name: masked logit
 *       input: [[0, -.inf]]                  # YAML writes NaN and infinities as .nan, .inf, -.inf
 *       expected: [1, 0]
 *     - name: empty shape is an error
 *       input: [[2, 3], [4]]
 *       throws: true                         # passes when the function throws an Error
 */
import { z } from 'zod';
import type { CompareRule } from './compare.js';
import { readYamlFile } from '../common/yaml-file.js';

const tolerance = z.number().min(0).max(1);
export const CompareRuleSchema: z.ZodType<CompareRule> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('number'), rtol: tolerance.optional(), atol: tolerance.optional() }).strict(),
    z.object({ kind: z.literal('integer') }).strict(),
    z
      .object({
        kind: z.literal('array'),
        rtol: tolerance.optional(),
        atol: tolerance.optional(),
        dtype: z.enum(['float', 'int']).optional(),
      })
      .strict(),
    z.object({ kind: z.literal('shape') }).strict(),
    z.object({ kind: z.literal('exact') }).strict(),
    z.object({ kind: z.literal('object'), fields: z.record(z.string(), CompareRuleSchema) }).strict(),
  ]),
) as z.ZodType<CompareRule>;

const TestSchema = z
  .object({
    name: z.string().min(1).max(200),
    input: z.array(z.unknown()),
    expected: z.unknown().optional(),
    throws: z.literal(true).optional(),
    compare: CompareRuleSchema.optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.throws && t.expected !== undefined)
      ctx.addIssue({ code: 'custom', message: 'give either expected or throws: true, not both' });
    if (!t.throws && !('expected' in t))
      ctx.addIssue({ code: 'custom', message: 'expected is required (or throws: true)' });
  });

export const TestsFileSchema = z
  .object({
    compare: CompareRuleSchema.optional(),
    visible: z.array(TestSchema).min(1),
    hidden: z.array(TestSchema).default([]),
  })
  .strict();
export type TestsFile = z.infer<typeof TestsFileSchema>;

/** One test as the runner and the database see it: every test carries its resolved rule. */
export interface CodingTest {
  name: string;
  hidden: boolean;
  /** The argument list of the call. */
  input: unknown[];
  /** Absent when `throws` is set. */
  expected?: unknown;
  /** The test passes when the function throws an Error (a timeout does not count). */
  throws?: boolean;
  compare: CompareRule;
}

const DEFAULT_RULE: CompareRule = { kind: 'exact' };

/** Visible tests first, then hidden ones, each with its rule resolved (test → file default → exact). */
export function flattenTests(file: TestsFile): CodingTest[] {
  const one =
    (hidden: boolean) =>
    (t: TestsFile['visible'][number]): CodingTest => ({
      name: t.name,
      hidden,
      input: t.input,
      ...(t.throws ? { throws: true } : { expected: t.expected }),
      compare: t.compare ?? file.compare ?? DEFAULT_RULE,
    });
  return [...file.visible.map(one(false)), ...file.hidden.map(one(true))];
}

/**
 * Reads and checks a tests.yaml. Returns the tests, or pushes one line per problem into
 * `problems` (prefixed with the file name) and returns undefined.
 */
export function loadCodingTests(file: string, problems: string[]): CodingTest[] | undefined {
  const data = readYamlFile(TestsFileSchema, file, problems);
  if (!data) return undefined;
  const tests = flattenTests(data);
  const names = new Set<string>();
  for (const t of tests) {
    if (names.has(t.name)) problems.push(`${file}: the test name "${t.name}" is used twice`);
    names.add(t.name);
  }
  return tests;
}
