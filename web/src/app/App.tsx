import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { AssessmentExercisePage, AssessmentPage } from '../pages/AssessmentPages';
import { AssessmentStartPage } from '../pages/AssessmentStartPage';
import { AuthPage } from '../pages/AuthPage';
import { ComparePage } from '../pages/ComparePage';
import { ExercisePage } from '../pages/ExercisePage';
import { HistoryPage } from '../pages/HistoryPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ForgotPasswordPage, ResetPasswordPage } from '../pages/ResetPasswordPage';
import { SubmissionPage } from '../pages/SubmissionPage';
import { TracksPage } from '../pages/TracksPage';
import { VerifyEmailPage } from '../pages/VerifyEmailPage';
import { AttemptBanner } from './attempt';
import { SessionProvider, useSession } from './session';
import { Loading } from '../components/status';

// The staff pages (hiring managers, mentors, admins) load on first use: candidates, who open
// the app far more often, never fetch or compile them.
const ManagerRoutes = lazy(() => import('../manager/routes').then((m) => ({ default: m.ManagerRoutes })));
const MentorRoutes = lazy(() => import('../mentor/routes').then((m) => ({ default: m.MentorRoutes })));
const AdminRoutes = lazy(() => import('../admin/routes').then((m) => ({ default: m.AdminRoutes })));
const STAFF_AREAS = [
  { path: '/manager/*', Pages: ManagerRoutes },
  { path: '/mentor/*', Pages: MentorRoutes },
  { path: '/admin/*', Pages: AdminRoutes },
];

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Layout />
      </SessionProvider>
    </BrowserRouter>
  );
}

function Layout() {
  const { t, i18n } = useTranslation();
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // Move focus to the page's heading after a client-side navigation, as a page load would.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location.pathname]);
  useEffect(() => {
    document.title = t('app.title');
  }, [t, i18n.language]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <NavLink to="/" end>
            {t('nav.tracks')}
          </NavLink>
          {user && <NavLink to="/history">{t('nav.history')}</NavLink>}
          {(user?.role === 'HIRING_MANAGER' || user?.role === 'ADMIN') && (
            <NavLink to="/manager">{t('manager.nav')}</NavLink>
          )}
          {(user?.role === 'MENTOR' || user?.role === 'ADMIN') && <NavLink to="/mentor">{t('mentor.nav')}</NavLink>}
          {user?.role === 'ADMIN' && <NavLink to="/admin">{t('admin.nav')}</NavLink>}
        </nav>
        <div className="account">
          <LocaleSwitch />
          {user ? (
            <>
              <span className="who" data-testid="signed-in-as">
                {user.displayName}
              </span>
              <button type="button" onClick={() => void signOut().then(() => navigate('/'))}>
                {t('nav.signOut')}
              </button>
            </>
          ) : (
            <>
              <NavLink to="/signin">{t('nav.signIn')}</NavLink>
              <NavLink to="/signup">{t('nav.signUp')}</NavLink>
            </>
          )}
        </div>
      </header>
      <AttemptBanner />
      <main id="main">
        <Routes>
          <Route path="/" element={<TracksPage />} />
          <Route path="/signin" element={<AuthPage mode="signin" />} />
          <Route path="/signup" element={<AuthPage mode="signup" />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/verify-email" element={<VerifyEmailPage />} />
          <Route path="/exercises/:slug" element={<ExercisePage />} />
          <Route path="/submissions/:id" element={<SubmissionPage />} />
          <Route path="/history" element={<HistoryPage />} />
          <Route path="/history/compare" element={<ComparePage />} />
          <Route path="/assessments/start" element={<AssessmentStartPage />} />
          <Route path="/assessments/:id" element={<AssessmentPage />} />
          <Route path="/assessments/:id/exercises/:slug" element={<AssessmentExercisePage />} />
          {STAFF_AREAS.map(({ path, Pages }) => (
            <Route
              key={path}
              path={path}
              element={
                <Suspense fallback={<Loading />}>
                  <Pages />
                </Suspense>
              }
            />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </>
  );
}
