/** Shared by the model checks: how a refusal is recorded, and how values are shown in one. */

/** One reason the model or plan was refused. `message` already starts with `path`. */
export interface Refusal {
  path: string;
  message: string;
}

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export const fmt = (n: number): string => n.toLocaleString('en-US');
export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

export function refuse(refusals: Refusal[], path: string, text: string): void {
  refusals.push({ path, message: `${path}: ${text}` });
}
