import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../pages/NotFoundPage';

/** The admin area's pages, mounted at /admin/* by App.tsx; its messages are under `admin.` (web/src/i18n/admin/). */
export function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminHome />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function AdminHome() {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{t('admin.title')}</h1>
    </section>
  );
}
