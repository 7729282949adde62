import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Empty, ErrorMessage, Loading } from '../components/status';
import { AuditEventsDocument } from '../gql/graphql';

const SUBJECTS = ['user', 'organisation', 'exercise', 'assessment', 'invitation'];
const LIMITS = [50, 100, 500];

/** The audit log, newest first, filtered by action, actor and subject type. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [subjectType, setSubjectType] = useState('');
  const [limit, setLimit] = useState(100);
  const [{ data, fetching, error }] = useQuery({
    query: AuditEventsDocument,
    variables: {
      limit,
      action: action.trim() || null,
      actor: actor.trim() || null,
      subjectType: subjectType || null,
    },
    requestPolicy: 'network-only',
  });
  const events = data?.auditEvents ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>{t('admin.audit.title')}</h1>
      <div className="filters" role="search">
        <label>
          <span>{t('admin.audit.action')}</span>
          <input value={action} onChange={(e) => setAction(e.target.value)} placeholder="user.role_changed" />
        </label>
        <label>
          <span>{t('admin.audit.actor')}</span>
          <input value={actor} onChange={(e) => setActor(e.target.value)} />
        </label>
        <label>
          <span>{t('admin.audit.subjectType')}</span>
          <select value={subjectType} onChange={(e) => setSubjectType(e.target.value)}>
            <option value="">{t('admin.audit.allSubjects')}</option>
            {SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('admin.audit.limit')}</span>
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorMessage error={error} />}
      {!data && fetching && <Loading />}
      {data && events.length === 0 && <Empty>{t('admin.audit.empty')}</Empty>}
      {events.length > 0 && (
        <table className="staff-table" data-testid="audit-table">
          <caption>{t('admin.audit.caption', { count: events.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.when')}</th>
              <th scope="col">{t('admin.audit.actorColumn')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.subject')}</th>
              <th scope="col">{t('admin.audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.createdAt).toLocaleString(i18n.language)}</td>
                <td>{e.actorEmail ?? t('admin.audit.system')}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.subjectType} <code>{e.subjectId.slice(0, 8)}</code>
                </td>
                <td>
                  <code className="details">{e.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
