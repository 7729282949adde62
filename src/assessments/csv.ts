/**
 * CSV cells for the assessment export, safe to open in a spreadsheet.
 *
 *   csvCell(0.52)      → 0.52          numbers stay numbers
 *   csvCell('-1+1')    → '-1+1         text starting with = + - @ tab or CR is defused
 *   csvCell('a,"b"')   → "a,""b"""     quoted when needed (RFC 4180)
 *
 * Only values the server computed are numbers; anything a person typed (names, notes,
 * emails) is text, and text is never left to start a formula, whatever follows the sign.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const text = value instanceof Date ? value.toISOString() : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
