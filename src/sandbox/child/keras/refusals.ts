/**
 * How the Keras converter reports what it cannot take: every problem is collected (the
 * candidate sees them all at once), each message starting with the path of the field, e.g.
 * `layers[2] (dense).config.activation: "gelu_fast" is not an activation tfjs has`.
 */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

export interface KerasRefusal {
  path: string;
  message: string;
}

/** Thrown once at the end of a conversion that found problems. */
export class KerasConversionError extends Error {
  constructor(readonly refusals: KerasRefusal[]) {
    super(refusals.map((r) => r.message).join('\n'));
    this.name = 'KerasConversionError';
  }
}

/** Collects refusals while a model is converted. */
export class Refusals {
  readonly list: KerasRefusal[] = [];

  add(path: string, text: string): void {
    if (this.list.length < 50) this.list.push({ path, message: `${path}: ${text}` });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new KerasConversionError(this.list);
  }
}
