import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes } from 'react-router';
import { useSession } from '../app/session';
import { Loading } from '../components/status';
import { NotFoundPage } from '../pages/NotFoundPage';
import { DraftPage } from './DraftPage';
import { EditorPage } from './EditorPage';
import { MyExercisesPage } from './MyExercisesPage';
import { RepositoryPage } from './RepositoryPage';
import { VersionsPage } from './VersionsPage';
import './mentor.css';

/** The mentor area's pages, mounted at /mentor/* by App.tsx; its messages are under `mentor.` (web/src/i18n/mentor/). */
export function MentorRoutes() {
  const { t } = useTranslation();
  const { user, checking } = useSession();
  if (!user || (user.role !== 'MENTOR' && user.role !== 'ADMIN'))
    return (
      <section>
        <h1 tabIndex={-1}>{t('mentor.title')}</h1>
        {checking ? (
          <Loading />
        ) : (
          <p>{user ? t('mentor.notMentor') : <Link to="/signin">{t('mentor.signIn')}</Link>}</p>
        )}
      </section>
    );
  return (
    <div className="staff mentor">
      <nav className="subnav" aria-label={t('mentor.subnav')}>
        <NavLink to="/mentor" end>
          {t('mentor.mine.nav')}
        </NavLink>
        <NavLink to="/mentor/new">{t('mentor.editor.newNav')}</NavLink>
        <NavLink to="/mentor/repository">{t('mentor.repository.nav')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<MyExercisesPage />} />
        <Route path="new" element={<EditorPage />} />
        <Route path="repository" element={<RepositoryPage />} />
        <Route path="exercises/:slug" element={<DraftPage />} />
        <Route path="exercises/:slug/edit" element={<EditorPage />} />
        <Route path="exercises/:slug/versions" element={<VersionsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
