import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../app/session';
import { ErrorMessage } from '../components/status';
import { LoginDocument, RegisterDocument } from '../gql/graphql';

/** `?next=` after signing in: a path of this app only (never another origin, `//host` included). */
function safeNext(raw: string | null): string | null {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : null;
}

/** Sign in and sign up share one form; sign up also asks for a display name. */
export function AuthPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const keepNext = next ? `?next=${encodeURIComponent(next)}` : '';
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [login, doLogin] = useMutation(LoginDocument);
  const [register, doRegister] = useMutation(RegisterDocument);
  const state = mode === 'signin' ? login : register;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const result =
      mode === 'signin'
        ? await doLogin({ input: { email, password } }).then((r) => r.data?.login)
        : await doRegister({ input: { email, password, displayName: displayName || undefined } }).then(
            (r) => r.data?.register,
          );
    if (result) {
      signedIn(result.user);
      navigate(next ?? '/');
    }
  }

  return (
    <section className="auth">
      <h1 tabIndex={-1}>{t(mode === 'signin' ? 'auth.signInTitle' : 'auth.signUpTitle')}</h1>
      <form onSubmit={submit} noValidate={false}>
        {mode === 'signup' && (
          <label>
            <span>{t('auth.displayName')}</span>
            <input
              name="displayName"
              autoComplete="nickname"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </label>
        )}
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
        <label>
          <span>{t('auth.password')}</span>
          <input
            name="password"
            type="password"
            required
            minLength={mode === 'signup' ? 8 : undefined}
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {mode === 'signup' && <p className="hint">{t('auth.passwordHint')}</p>}
        {state.error && <ErrorMessage error={state.error} />}
        <button type="submit" disabled={state.fetching}>
          {t(mode === 'signin' ? 'auth.signIn' : 'auth.signUp')}
        </button>
      </form>
      {mode === 'signin' && (
        <p>
          <Link to="/forgot-password">{t('account.forgotLink')}</Link>
        </p>
      )}
      <p>
        {mode === 'signin' ? (
          <Link to={`/signup${keepNext}`}>{t('auth.needAccount')}</Link>
        ) : (
          <Link to={`/signin${keepNext}`}>{t('auth.haveAccount')}</Link>
        )}
      </p>
    </section>
  );
}
