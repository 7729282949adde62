import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Empty, ErrorMessage, Loading } from '../components/status';
import { AddOrganisationMemberDocument, CreateOrganisationDocument, OrganisationsDocument } from '../gql/graphql';

/** Organisations and their hiring managers; an admin creates one and adds members by e-mail (audited). */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: OrganisationsDocument,
    requestPolicy: 'cache-and-network',
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [created, create] = useMutation(CreateOrganisationDocument);
  const [name, setName] = useState('');
  const onCreate = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create({ input: { name } });
    if (!r.error) {
      setName('');
      reload();
    }
  };
  const orgs = data?.organisations ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>{t('admin.organisations.title')}</h1>
      <form className="staff-form inline-form" onSubmit={(e) => void onCreate(e)}>
        <label>
          <span>{t('admin.organisations.name')}</span>
          <input required minLength={2} maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={created.fetching}>
          {t('admin.organisations.create')}
        </button>
        {created.error && <ErrorMessage error={created.error} />}
      </form>
      {error && <ErrorMessage error={error} />}
      {!data && fetching && <Loading />}
      {data && orgs.length === 0 && <Empty>{t('admin.organisations.empty')}</Empty>}
      {orgs.map((o) => (
        <section key={o.id} className="organisation" aria-labelledby={`org-${o.id}`}>
          <h2 id={`org-${o.id}`}>{o.name}</h2>
          {o.members.length === 0 ? (
            <p className="hint">{t('admin.organisations.noMembers')}</p>
          ) : (
            <ul>
              {o.members.map((m) => (
                <li key={m.id}>
                  {m.displayName} &lt;{m.email}&gt; · {t(`admin.roles.${m.role}`)}
                </li>
              ))}
            </ul>
          )}
          <AddMember organisationId={o.id} name={o.name} onAdded={reload} />
        </section>
      ))}
    </section>
  );
}

function AddMember({ organisationId, name, onAdded }: { organisationId: string; name: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [result, add] = useMutation(AddOrganisationMemberDocument);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add({ input: { organisationId, email } }).then((r) => {
          if (!r.error) {
            setEmail('');
            onAdded();
          }
        });
      }}
    >
      <label>
        <span>{t('admin.organisations.memberEmail', { name })}</span>{' '}
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>{' '}
      <button type="submit" disabled={result.fetching}>
        {t('admin.organisations.add')}
      </button>
      <p className="hint">{t('admin.organisations.addHint')}</p>
      {result.error && <ErrorMessage error={result.error} />}
    </form>
  );
}
