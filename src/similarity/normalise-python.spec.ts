import { describe, it, expect } from '@jest/globals';
import { normaliseCode } from './normalise.js';
import { codeSimilarity as compareCode } from './code-similarity.js';
import { DEFAULT_THRESHOLD } from './find-pairs.js';

const texts = (code: string) => normaliseCode(code, 'PYTHON').tokens.map((t) => t.text);

const ORIGINAL = `import numpy as np


def softmax(logits):
    # subtract the max first
    z = np.asarray(logits, dtype=float)
    if z.size == 0:
        return []
    e = np.exp(z - z.max())
    return e / e.sum()
`;

const DISGUISED = `import numpy as numpy_lib
def stable(values):
    """Softmax that never overflows."""
    arr = numpy_lib.asarray(
        values,
        dtype=float,
    )

    if arr.size == 0: return []
    ex = numpy_lib.exp(arr - arr.max())  # the largest term is 1
    return ex / ex.sum()
`;

describe('normaliseCode (PYTHON)', () => {
  it('gives the same tokens for renamed names, whatever the comments, docstring placement, line breaks and trailing commas', () => {
    // The docstring is a statement of its own: dropping it is not what normalisation does.
    const withoutDocstring = DISGUISED.replace(/ {4}"""Softmax that never overflows."""\n/, '');
    const oneLine = (code: string) =>
      code.replace('if arr.size == 0: return []', 'if arr.size == 0:\n        return []');
    expect(texts(oneLine(withoutDocstring))).toEqual(texts(ORIGINAL));
  });

  it('canonicalises bound names and keeps attributes, keyword arguments, builtins and module names verbatim', () => {
    const tokens = normaliseCode(
      'import math\ndef f(x, k=2):\n    y = math.sqrt(x)\n    return round(y, ndigits=k)\n',
      'PYTHON',
    ).tokens;
    const byText = tokens.map((t) => `${t.kind}:${t.text}`);
    expect(byText).toEqual([
      'keyword:import',
      'name:math',
      'punctuation:<nl>',
      'keyword:def',
      'identifier:$1',
      'punctuation:(',
      'identifier:$2',
      'punctuation:,',
      'identifier:$3',
      'punctuation:=',
      'number:2',
      'punctuation:)',
      'punctuation::',
      'punctuation:<nl>',
      'punctuation:<indent>',
      'identifier:$4',
      'punctuation:=',
      'name:math',
      'punctuation:.',
      'name:sqrt',
      'punctuation:(',
      'identifier:$2',
      'punctuation:)',
      'punctuation:<nl>',
      'keyword:return',
      'name:round',
      'punctuation:(',
      'identifier:$4',
      'punctuation:,',
      'name:ndigits',
      'punctuation:=',
      'identifier:$3',
      'punctuation:)',
      'punctuation:<nl>',
      'punctuation:<dedent>',
    ]);
  });

  it('keeps numbers and strings by value (quote style and number spelling do not matter) and keeps line numbers', () => {
    expect(texts("x = 'relu'\ny = 1e-3\n")).toEqual(texts('x = "relu"\ny = 0.001\n'));
    expect(texts('x = 1_000\n')).toEqual(texts('x = 1000\n'));
    expect(texts("x = 'relu'\n")).not.toEqual(texts("x = 'tanh'\n"));
    const lines = normaliseCode('a = 1\n\n\nb = 2\n', 'PYTHON')
      .tokens.filter((t) => t.kind === 'identifier')
      .map((t) => t.line);
    expect(lines).toEqual([1, 4]);
  });

  it('tells a different block structure apart: indentation is syntax in Python', () => {
    const inside = 'for i in range(3):\n    a = i\n    b = a\n';
    const after = 'for i in range(3):\n    a = i\nb = a\n';
    expect(texts(inside)).not.toEqual(texts(after));
  });

  it('flags a disguised copy, not an honest different solution, and never compares Python with TypeScript', () => {
    const copy = compareCode({ code: ORIGINAL, language: 'PYTHON' }, { code: DISGUISED, language: 'PYTHON' });
    const loop = `import math
def softmax(xs):
    if not xs:
        return []
    top = max(xs)
    exps = [math.exp(x - top) for x in xs]
    total = sum(exps)
    return [v / total for v in exps]
`;
    const honest = compareCode({ code: ORIGINAL, language: 'PYTHON' }, { code: loop, language: 'PYTHON' });
    expect(copy.comparable).toBe(true);
    // The copy (renamed, reformatted, a docstring and a one-line if added) is flagged; the honest loop is not.
    expect(copy.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(honest.score).toBeLessThan(DEFAULT_THRESHOLD);
    const ts = compareCode(
      { code: ORIGINAL, language: 'PYTHON' },
      { code: 'export default function softmax(x) { return x; }', language: 'TYPESCRIPT' },
    );
    expect(ts.comparable).toBe(false);
  });

  it('reads code that does not parse (unterminated string, stray brackets) without throwing', () => {
    expect(() => normaliseCode('x = "oops\ndef f(:\n  ))\n', 'PYTHON')).not.toThrow();
  });
});
