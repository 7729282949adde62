import { describe, expect, it } from '@jest/globals';
import { diffLines, sideBySide } from './line-diff';

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

describe('diffLines', () => {
  it('keeps common lines and marks the removed and added ones in order', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('is all "same" for equal texts', () => {
    expect(diffLines('x\ny', 'x\ny').every((l) => l.kind === 'same')).toBe(true);
  });
});

describe('both views of one diff', () => {
  it('tell the same story: the side-by-side rows hold exactly the one-column lines', () => {
    const before = 'import x\nfunction f() {\n  return 1;\n}\n\nf();';
    const after = 'import x\nimport y\nfunction f() {\n  return 2;\n}\nf();';
    const lines = diffLines(before, after);
    const rows = sideBySide(before, after);
    expect(rows.flatMap((r) => (r.left ? [r.left.text] : []))).toEqual(
      lines.filter((l) => l.kind !== 'added').map((l) => l.text),
    );
    expect(rows.flatMap((r) => (r.right ? [r.right.text] : []))).toEqual(
      lines.filter((l) => l.kind !== 'removed').map((l) => l.text),
    );
    expect(rows.filter((r) => r.kind === 'same').length).toBe(lines.filter((l) => l.kind === 'same').length);
  });

  it('falls back without an LCS table for texts too long to align', () => {
    const long = Array.from({ length: 2100 }, (_, i) => `line ${i}`).join('\n');
    const rows = sideBySide(long, long.replace('line 7\n', 'LINE 7\n'));
    expect(rows).toHaveLength(2100);
    expect(rows.filter((r) => r.kind === 'changed')).toEqual([
      { kind: 'changed', left: { n: 8, text: 'line 7' }, right: { n: 8, text: 'LINE 7' } },
    ]);
    expect(diffLines(long, long).filter((l) => l.kind === 'same')).toHaveLength(0);
  });
});
