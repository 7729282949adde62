import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Pager, pageCount } from '../components/Pager';
import { Empty, ErrorMessage, Loading } from '../components/status';
import { SetUserRoleDocument, UsersDocument, type Role } from '../gql/graphql';

const PAGE = 20;
export const ROLES: Role[] = ['CANDIDATE', 'MENTOR', 'HIRING_MANAGER', 'ADMIN'];

/** Accounts, searched by e-mail or name and filtered by role, a page at a time; roles changed in place (audited). */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [page, setPage] = useState(0);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: UsersDocument,
    variables: { search: search.trim() || null, role: role || null, limit: PAGE, offset: page * PAGE },
    requestPolicy: 'cache-and-network',
  });
  const total = data?.users.total ?? 0;
  const pages = pageCount(total, PAGE);
  return (
    <section>
      <h1 tabIndex={-1}>{t('admin.users.title')}</h1>
      <div className="filters" role="search">
        <label>
          <span>{t('admin.users.search')}</span>
          <input
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(0);
            }}
          />
        </label>
        <label>
          <span>{t('admin.users.role')}</span>
          <select
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role | '');
              setPage(0);
            }}
          >
            <option value="">{t('admin.users.allRoles')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorMessage error={error} />}
      {!data && fetching && <Loading />}
      {data && data.users.users.length === 0 && <Empty>{t('admin.users.empty')}</Empty>}
      {data && data.users.users.length > 0 && (
        <>
          <table className="staff-table" data-testid="users-table">
            <caption>{t('admin.users.caption', { total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.users.email')}</th>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('admin.users.organisation')}</th>
                <th scope="col">{t('admin.users.created')}</th>
                <th scope="col">{t('admin.users.role')}</th>
              </tr>
            </thead>
            <tbody>
              {data.users.users.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>{u.displayName}</td>
                  <td>{u.organisationName ?? '—'}</td>
                  <td>{new Date(u.createdAt).toLocaleDateString(i18n.language)}</td>
                  <td>
                    <RoleForm
                      email={u.email}
                      role={u.role}
                      onChanged={() => refetch({ requestPolicy: 'network-only' })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} onPage={setPage} label={t('admin.users.pages')} />
        </>
      )}
    </section>
  );
}

function RoleForm({ email, role, onChanged }: { email: string; role: Role; onChanged: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<Role>(role);
  const [result, setRole] = useMutation(SetUserRoleDocument);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void setRole({ input: { email, role: value } }).then((r) => !r.error && onChanged());
      }}
    >
      <select
        aria-label={t('admin.users.roleOf', { email })}
        value={value}
        onChange={(e) => setValue(e.target.value as Role)}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`admin.roles.${r}`)}
          </option>
        ))}
      </select>{' '}
      <button
        type="submit"
        disabled={value === role || result.fetching}
        aria-label={t('admin.users.changeOf', { email })}
      >
        {t('admin.users.change')}
      </button>
      {result.error && <ErrorMessage error={result.error} />}
    </form>
  );
}
