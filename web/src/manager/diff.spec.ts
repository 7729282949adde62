import { describe, expect, it } from '@jest/globals';
import { sideBySide } from './diff';

describe('side-by-side line diff', () => {
  it('faces equal lines, pairs a changed line, and keeps line numbers of both sides', () => {
    const rows = sideBySide('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'same', 'same', 'added']);
    expect(rows[1]).toEqual({ kind: 'changed', left: { n: 2, text: 'b' }, right: { n: 2, text: 'B' } });
    expect(rows[4]).toEqual({ kind: 'added', left: null, right: { n: 5, text: 'e' } });
  });

  it('shows removed lines with nothing facing them', () => {
    const rows = sideBySide('x\ny\nz', 'x\nz');
    expect(rows.map((r) => r.kind)).toEqual(['same', 'removed', 'same']);
    expect(rows[2]!.left!.n).toBe(3);
    expect(rows[2]!.right!.n).toBe(2);
  });

  it('identical texts are all "same"', () => {
    const code = 'export function f() {\n  return 1;\n}';
    expect(sideBySide(code, code).every((r) => r.kind === 'same')).toBe(true);
  });
});
