import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';

/** Shown while a page's data loads; announced politely to screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t('common.loading')}
    </p>
  );
}

/** Where a lazily loaded part of a page would be, when its code could not be loaded. */
export function LoadFailed() {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert">
      {t('common.loadFailed')}
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** The localised message for an error: chosen by `extensions.code`, never the server's raw text. */
export function errorMessage(t: (k: string, o?: Record<string, unknown>) => string, error: CombinedError): string {
  if (error.networkError && error.graphQLErrors.length === 0) return t('errors.NETWORK');
  const ext = (error.graphQLErrors[0]?.extensions ?? {}) as Record<string, unknown>;
  const code = typeof ext.code === 'string' ? ext.code : 'UNKNOWN';
  const known = [
    'BAD_USER_INPUT',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'RATE_LIMITED',
    'EXERCISE_CLOSED',
    'ASSESSMENT_IN_PROGRESS',
    'EMAIL_NOT_VERIFIED',
    'SUBMISSION_FINISHED',
    'QUERY_TOO_COMPLEX',
    'INTERNAL_SERVER_ERROR',
  ];
  return t(`errors.${known.includes(code) ? code : 'UNKNOWN'}`, {
    field: ext.field ?? '',
    limit: ext.limit ?? '',
    seconds: ext.retryAfterSeconds ?? '',
  });
}

export function ErrorMessage({ error }: { error: CombinedError }) {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert">
      {errorMessage(t, error)}
    </p>
  );
}
