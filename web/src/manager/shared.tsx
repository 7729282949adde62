import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { errorMessage } from '../components/status';

/** Codes the manager pages explain in their own words (revoking twice, extending an unopened link…). */
const OWN_CODES = ['CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'EXERCISE_CLOSED'];

/** The localised message for a manager action's error, chosen by `extensions.code` (and `field`). */
export function useManagerError() {
  const { t } = useTranslation();
  return (error: CombinedError): string => {
    const ext = (error.graphQLErrors[0]?.extensions ?? {}) as Record<string, unknown>;
    const code = typeof ext.code === 'string' ? ext.code : '';
    if (code === 'BAD_USER_INPUT' && typeof ext.field === 'string')
      return t('manager.errors.BAD_USER_INPUT', { field: t(`manager.fields.${ext.field}`, ext.field) });
    if (OWN_CODES.includes(code)) return t(`manager.errors.${code}`);
    return errorMessage(t, error);
  };
}

export function ManagerError({ error }: { error: CombinedError }) {
  const message = useManagerError();
  return (
    <p className="error" role="alert">
      {message(error)}
    </p>
  );
}

export const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** 3725 → "1:02:05"; null → "—". */
export function duration(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Dates as the reader's language writes them; `seconds` where they matter (who submitted first). */
export function useDate(opts: { seconds?: boolean } = {}) {
  const { i18n } = useTranslation();
  const timeStyle = opts.seconds ? 'medium' : 'short';
  return (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle }) : '—';
}

/** A button that copies `text` and says so in a polite live region. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setDone('copied'),
            () => setDone('failed'),
          )
        }
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className="copy-state">
        {done === 'copied' ? t('manager.copied') : done === 'failed' ? t('manager.copyFailed') : ''}
      </span>
    </>
  );
}

/** The score of one exercise as the table shows it: 0–100 rounded, or "—" before any graded attempt. */
export const score = (s: number | null | undefined) => (s == null ? '—' : String(Math.round(s * 10) / 10));
