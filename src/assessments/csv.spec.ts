import { describe, expect, it } from '@jest/globals';
import { csvCell } from './csv.js';

describe('csvCell', () => {
  it('defuses text that a spreadsheet would read as a formula, digits after the sign included', () => {
    // The reproductions: both were exempted by /^-?\d/ and exported live.
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell("-2+cmd|' /C calc'!A0")).toBe("'-2+cmd|' /C calc'!A0");
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${lead}SUM(A1)`);
      expect(cell.replace(/^"/, '').startsWith(`'${lead}`)).toBe(true);
    }
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes numbers as numbers, negative ones included, and leaves ordinary text alone', () => {
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(0.5234)).toBe('0.5234');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell('ana@example.com')).toBe('ana@example.com');
    expect(csvCell('said "hi"')).toBe('"said ""hi"""');
  });
});
