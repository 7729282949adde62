import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes } from 'react-router';
import { useSession } from '../app/session';
import { Loading } from '../components/status';
import { NotFoundPage } from '../pages/NotFoundPage';
import { AuditPage } from './AuditPage';
import { OrganisationsPage } from './OrganisationsPage';
import { UsersPage } from './UsersPage';
import '../mentor/mentor.css';

/** The admin area's pages, mounted at /admin/* by App.tsx; its messages are under `admin.` (web/src/i18n/admin/). */
export function AdminRoutes() {
  const { t } = useTranslation();
  const { user, checking } = useSession();
  if (user?.role !== 'ADMIN')
    return (
      <section>
        <h1 tabIndex={-1}>{t('admin.title')}</h1>
        {checking ? <Loading /> : <p>{user ? t('admin.notAdmin') : <Link to="/signin">{t('admin.signIn')}</Link>}</p>}
      </section>
    );
  return (
    <div className="staff admin">
      <nav className="subnav" aria-label={t('admin.subnav')}>
        <NavLink to="/admin" end>
          {t('admin.users.nav')}
        </NavLink>
        <NavLink to="/admin/organisations">{t('admin.organisations.nav')}</NavLink>
        <NavLink to="/admin/audit">{t('admin.audit.nav')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<UsersPage />} />
        <Route path="organisations" element={<OrganisationsPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
