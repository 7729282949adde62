import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type CombinedError } from 'urql';
import { Empty } from '../components/status';
import {
  ExtendInvitationDocument,
  InviteCandidateDocument,
  RevokeInvitationDocument,
  type CandidateRowFieldsFragment,
} from '../gql/graphql';
import { CopyButton, ManagerError, useDate } from './shared';

/**
 * Invite by e-mail (the link, bound to that address, is shown once to copy), and per candidate:
 * where they are, resend (a fresh link; the old one stops working), revoke, more time.
 */
export function InvitationsPanel(props: {
  assessmentId: string;
  closed: boolean;
  candidates: CandidateRowFieldsFragment[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const date = useDate();
  const [email, setEmail] = useState('');
  const [invited, invite] = useMutation(InviteCandidateDocument);
  const [, revoke] = useMutation(RevokeInvitationDocument);
  const [, extend] = useMutation(ExtendInvitationDocument);
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const [actionError, setActionError] = useState<CombinedError | null>(null);
  const [minutes, setMinutes] = useState<Record<string, string>>({});

  async function send(address: string) {
    setActionError(null);
    const res = await invite({ input: { assessmentId: props.assessmentId, email: address } });
    if (res.error) return setActionError(res.error);
    if (res.data) {
      setLink({ email: res.data.inviteCandidate.email, url: `${location.origin}${res.data.inviteCandidate.link}` });
      setEmail('');
      props.onChange();
    }
  }
  async function act(p: Promise<{ error?: CombinedError }>) {
    setActionError(null);
    const res = await p;
    if (res.error) setActionError(res.error);
    else props.onChange();
  }

  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">{t('manager.invitations.title')}</h2>
      {props.closed ? (
        <p className="hint">{t('manager.invitations.closed')}</p>
      ) : (
        <form
          className="row"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void send(email);
          }}
        >
          <label>
            <span>{t('manager.fields.email')}</span>
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={254} />
          </label>
          <button type="submit" disabled={invited.fetching}>
            {t('manager.invitations.invite')}
          </button>
        </form>
      )}
      {link && (
        <div className="link-box" data-testid="invitation-link">
          <p>{t('manager.invitations.linkFor', { email: link.email })}</p>
          <input readOnly value={link.url} aria-label={t('manager.invitations.linkLabel', { email: link.email })} />
          <CopyButton text={link.url} label={t('manager.invitations.copy')} />
          <p className="hint">{t('manager.invitations.linkOnce')}</p>
        </div>
      )}
      {actionError && <ManagerError error={actionError} />}
      {props.candidates.length === 0 ? (
        <Empty>{t('manager.invitations.empty')}</Empty>
      ) : (
        <table className="data" data-testid="invitations">
          <caption className="visually-hidden">{t('manager.invitations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('manager.fields.email')}</th>
              <th scope="col">{t('manager.invitations.state')}</th>
              <th scope="col">{t('manager.invitations.invitedAt')}</th>
              <th scope="col">{t('manager.invitations.startedAt')}</th>
              <th scope="col">{t('manager.invitations.deadlineAt')}</th>
              <th scope="col">{t('manager.invitations.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.candidates.map((c) => (
              <tr key={c.invitationId} data-email={c.email}>
                <th scope="row">
                  {c.email}
                  {c.displayName && <span className="hint"> ({c.displayName})</span>}
                </th>
                <td>
                  <span className={`state state-${c.state}`}>{t(`manager.state.${c.state}`)}</span>
                </td>
                <td>{date(c.invitedAt)}</td>
                <td>{date(c.startedAt)}</td>
                <td>{date(c.deadlineAt)}</td>
                <td>
                  <div className="actions">
                    {!c.startedAt && !props.closed && (
                      <button
                        type="button"
                        onClick={() => void send(c.email)}
                        aria-label={t('manager.invitations.resendTo', { email: c.email })}
                      >
                        {t('manager.invitations.resend')}
                      </button>
                    )}
                    {c.state !== 'REVOKED' && (
                      <button
                        type="button"
                        onClick={() => void act(revoke({ invitationId: c.invitationId }))}
                        aria-label={t('manager.invitations.revokeOf', { email: c.email })}
                      >
                        {t('manager.invitations.revoke')}
                      </button>
                    )}
                    {c.startedAt && c.state !== 'REVOKED' && (
                      <span className="extend">
                        <input
                          type="number"
                          min={1}
                          max={1440}
                          value={minutes[c.invitationId] ?? '15'}
                          onChange={(e) => setMinutes({ ...minutes, [c.invitationId]: e.target.value })}
                          aria-label={t('manager.invitations.minutesFor', { email: c.email })}
                        />
                        <button
                          type="button"
                          onClick={() =>
                            void act(
                              extend({
                                input: {
                                  invitationId: c.invitationId,
                                  minutes: Number(minutes[c.invitationId] ?? '15'),
                                },
                              }),
                            )
                          }
                          aria-label={t('manager.invitations.extendOf', { email: c.email })}
                        >
                          {t('manager.invitations.extend')}
                        </button>
                      </span>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
