import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { useSession } from '../app/session';
import { ErrorMessage, Loading } from '../components/status';
import { RequestEmailVerificationDocument, VerifyEmailDocument } from '../gql/graphql';

/** The API's answer to a link that is malformed, expired, replaced by a newer one or used already. */
export function isBadToken(error: CombinedError | undefined): boolean {
  const ext = error?.graphQLErrors[0]?.extensions;
  return ext?.code === 'BAD_USER_INPUT' && ext?.field === 'token';
}

/** "Send a new link" (signed in only): then "check your mail", or a localised error. */
export function ResendVerification() {
  const { t } = useTranslation();
  const [resend, doResend] = useMutation(RequestEmailVerificationDocument);
  if (resend.data?.requestEmailVerification) {
    return (
      <p className="success" role="status" data-testid="verification-sent">
        {t('account.verificationSent')}
      </p>
    );
  }
  return (
    <>
      {resend.error && <ErrorMessage error={resend.error} />}
      <button type="button" onClick={() => void doResend({})} disabled={resend.fetching}>
        {resend.fetching ? t('common.loading') : t('account.sendNewLink')}
      </button>
    </>
  );
}

/** The link mailed on sign-up, /verify-email?token=…: verifies the address once, on opening. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { user } = useSession();
  const [result, verify] = useMutation(VerifyEmailDocument);
  // The token is single use: send it once, even when React runs effects twice (StrictMode).
  const sent = useRef(false);
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      void verify({ token });
    }
  }, [token, verify]);

  const bad = !token || isBadToken(result.error);
  return (
    <section className="account-email">
      <h1 tabIndex={-1}>{t('account.verifyTitle')}</h1>
      {token && !result.data && !result.error && <Loading label={t('account.verifying')} />}
      {result.data?.verifyEmail && (
        <>
          <p className="success" role="status" data-testid="email-verified">
            {t('account.verified')}
          </p>
          <p>
            <Link to="/">{t('account.continue')}</Link>
          </p>
        </>
      )}
      {result.error && !bad && <ErrorMessage error={result.error} />}
      {bad && (
        <>
          <p className="error" role="alert" data-testid="bad-link">
            {t('account.badVerifyLink')}
          </p>
          {user ? (
            <ResendVerification />
          ) : (
            <p>
              {t('account.signInForNewLink')} <Link to="/signin">{t('nav.signIn')}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
