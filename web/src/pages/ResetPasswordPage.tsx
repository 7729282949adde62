import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { ErrorMessage } from '../components/status';
import { RequestPasswordResetDocument, ResetPasswordDocument } from '../gql/graphql';
import { isBadToken } from './VerifyEmailPage';

/** The link mailed for a forgotten password, /reset-password?token=…: a new password, then sign in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [result, reset] = useMutation(ResetPasswordDocument);
  const hintId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void reset({ input: { token, newPassword: password } });
  };

  const bad = !token || isBadToken(result.error);
  return (
    <section className="auth">
      <h1 tabIndex={-1}>{t('account.resetTitle')}</h1>
      {result.data?.resetPassword ? (
        <p className="success" role="status" data-testid="password-reset">
          {t('account.resetDone')} <Link to="/signin">{t('nav.signIn')}</Link>
        </p>
      ) : bad ? (
        <>
          <p className="error" role="alert" data-testid="bad-link">
            {t('account.badResetLink')}
          </p>
          <p>
            <Link to="/forgot-password">{t('account.requestNewReset')}</Link>
          </p>
        </>
      ) : (
        <form onSubmit={submit}>
          <label>
            <span>{t('account.newPassword')}</span>
            <input
              name="newPassword"
              type="password"
              required
              minLength={8}
              maxLength={200}
              autoComplete="new-password"
              aria-describedby={hintId}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <p className="hint" id={hintId}>
            {t('auth.passwordHint')}
          </p>
          {result.error && <ErrorMessage error={result.error} />}
          <button type="submit" className="primary" disabled={result.fetching}>
            {result.fetching ? t('common.loading') : t('account.setPassword')}
          </button>
        </form>
      )}
    </section>
  );
}

/** "Forgot your password?": asks for a reset link; the answer never tells whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [result, request] = useMutation(RequestPasswordResetDocument);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void request({ email });
  };

  return (
    <section className="auth">
      <h1 tabIndex={-1}>{t('account.forgotTitle')}</h1>
      {result.data ? (
        <p className="success" role="status" data-testid="reset-requested">
          {t('account.resetRequested')}
        </p>
      ) : (
        <form onSubmit={submit}>
          <p>{t('account.forgotIntro')}</p>
          <label>
            <span>{t('auth.email')}</span>
            <input
              name="email"
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          {result.error && <ErrorMessage error={result.error} />}
          <button type="submit" className="primary" disabled={result.fetching}>
            {result.fetching ? t('common.loading') : t('account.sendResetLink')}
          </button>
        </form>
      )}
      <p>
        <Link to="/signin">{t('account.backToSignIn')}</Link>
      </p>
    </section>
  );
}
