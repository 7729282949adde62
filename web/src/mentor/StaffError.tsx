import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';

const CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'EXERCISE_FROM_REPOSITORY',
  'INTERNAL_SERVER_ERROR',
];

/**
 * An error for staff pages: a localised headline chosen by `extensions.code` (naming the field),
 * then the server's own explanation, which for a mentor's mistake says exactly what to fix
 * (the test that failed, the shape expected…). INTERNAL errors carry no detail to show.
 */
export function StaffError({ error }: { error: CombinedError }) {
  const { t } = useTranslation();
  if (error.networkError && error.graphQLErrors.length === 0)
    return (
      <div className="error" role="alert">
        {t('errors.NETWORK')}
      </div>
    );
  const first = error.graphQLErrors[0];
  const ext = (first?.extensions ?? {}) as Record<string, unknown>;
  const code = typeof ext.code === 'string' && CODES.includes(ext.code) ? ext.code : 'UNKNOWN';
  return (
    <div className="error" role="alert" data-code={code}>
      <p>
        {t(`mentor.errors.${code}`, {
          field: typeof ext.field === 'string' ? ext.field : '—',
          limit: ext.limit ?? '',
          seconds: ext.retryAfterSeconds ?? '',
        })}
      </p>
      {first && code !== 'INTERNAL_SERVER_ERROR' && code !== 'UNKNOWN' && (
        <p className="detail">
          <span className="detail-label">{t('mentor.errors.detail')}</span> <span lang="en">{first.message}</span>
        </p>
      )}
    </div>
  );
}
