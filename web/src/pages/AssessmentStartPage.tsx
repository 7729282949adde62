import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { rememberAttempt } from '../app/attempt';
import { useSession } from '../app/session';
import { ErrorMessage, Loading } from '../components/status';
import { AssessmentInvitationDocument, StartAssessmentDocument } from '../gql/graphql';
import { ResendVerification } from './VerifyEmailPage';

/**
 * The invitation link, /assessments/start?token=…: what the assessment is (title, time limit,
 * rules), sign in or register first (coming back here), then Start, which starts the clock.
 * Opening it again with the same account resumes the same attempt.
 */
export function AssessmentStartPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const location = useLocation();
  const navigate = useNavigate();
  const { user, checking } = useSession();
  const [{ data, fetching, error }] = useQuery({
    query: AssessmentInvitationDocument,
    variables: { token },
    pause: !token,
  });
  const [start, doStart] = useMutation(StartAssessmentDocument);
  const preview = data?.assessmentInvitation;
  const here = encodeURIComponent(location.pathname + location.search);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);

  const onStart = async () => {
    const r = await doStart({ token });
    const attempt = r.data?.startAssessment;
    if (attempt && user) {
      rememberAttempt({ ...attempt, userId: user.id });
      // Replace: the token leaves the address bar and the history.
      navigate(`/assessments/${attempt.assessmentId}`, { replace: true });
    }
  };
  const startCode = start.error?.graphQLErrors[0]?.extensions?.code;
  const wrongAccount = startCode === 'FORBIDDEN';
  const notVerified = startCode === 'EMAIL_NOT_VERIFIED';

  return (
    <section className="assessment-start">
      <h1 tabIndex={-1}>{t('assessment.startTitle')}</h1>
      {!token && <p className="error">{t('assessment.noToken')}</p>}
      {token && fetching && <Loading />}
      {error &&
        (error.graphQLErrors[0]?.extensions?.code === 'FORBIDDEN' ? (
          // The only refusal of a valid link before opening it: the hiring team revoked it.
          <p className="error" role="alert">
            {t('assessment.revoked')}
          </p>
        ) : (
          <ErrorMessage error={error} />
        ))}
      {preview && (
        <>
          <h2>{preview.title}</h2>
          <dl className="numbers">
            <dt>{t('assessment.timeLimit')}</dt>
            <dd data-testid="time-limit">{t('assessment.minutes', { n: preview.timeLimitMinutes })}</dd>
            <dt>{t('assessment.exerciseCount')}</dt>
            <dd>{preview.exerciseCount}</dd>
            <dt>{t('assessment.openUntil')}</dt>
            <dd>{when(preview.closesAt)}</dd>
          </dl>
          <h3>{t('assessment.rulesTitle')}</h3>
          <ul className="rules">
            <li>{t('assessment.ruleClock', { n: preview.timeLimitMinutes })}</li>
            <li>{t('assessment.ruleSaved')}</li>
            <li>{t('assessment.ruleSubmit')}</li>
            <li>{t('assessment.rulePractice')}</li>
            <li>{t('assessment.ruleTimeUp')}</li>
          </ul>
          {checking ? (
            <Loading />
          ) : user ? (
            <>
              <p>{t('assessment.signedInAs', { name: user.displayName, email: user.email })}</p>
              {start.error &&
                (wrongAccount ? (
                  <p className="error" role="alert">
                    {t('assessment.wrongAccount')}
                  </p>
                ) : notVerified ? (
                  <div data-testid="email-not-verified">
                    <p className="error" role="alert">
                      {t('account.notVerified')}
                    </p>
                    <ResendVerification />
                  </div>
                ) : (
                  <ErrorMessage error={start.error} />
                ))}
              <button type="button" className="primary" onClick={() => void onStart()} disabled={start.fetching}>
                {preview.started ? t('assessment.resume') : t('assessment.start')}
              </button>
            </>
          ) : (
            <p data-testid="sign-in-first">
              {t('assessment.signInFirst')} <Link to={`/signin?next=${here}`}>{t('nav.signIn')}</Link> ·{' '}
              <Link to={`/signup?next=${here}`}>{t('nav.signUp')}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
