import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { useSession } from '../app/session';
import { Loading } from '../components/status';
import { NotFoundPage } from '../pages/NotFoundPage';
import { AssessmentPage } from './AssessmentPage';
import { CandidatePage } from './CandidatePage';
import { DashboardPage } from './DashboardPage';
import { NewAssessmentPage } from './NewAssessmentPage';
import './manager.css';

/** The manager area's pages, mounted at /manager/* by App.tsx; its messages are under `manager.` (web/src/i18n/manager/). */
export function ManagerRoutes() {
  const { t } = useTranslation();
  const { user, checking } = useSession();
  if (!user || (user.role !== 'HIRING_MANAGER' && user.role !== 'ADMIN'))
    return (
      <section>
        <h1 tabIndex={-1}>{t('manager.title')}</h1>
        {checking ? (
          <Loading />
        ) : user ? (
          <p className="error" role="alert">
            {t('manager.errors.notManager')}
          </p>
        ) : (
          <Link to="/signin">{t('manager.signIn')}</Link>
        )}
      </section>
    );
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="new" element={<NewAssessmentPage />} />
      <Route path="assessments/:id" element={<AssessmentPage />} />
      <Route path="assessments/:id/candidates/:invitationId" element={<CandidatePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
