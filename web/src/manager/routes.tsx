import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../pages/NotFoundPage';

/** The manager area's pages, mounted at /manager/* by App.tsx; its messages are under `manager.` (web/src/i18n/manager/). */
export function ManagerRoutes() {
  return (
    <Routes>
      <Route index element={<ManagerHome />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function ManagerHome() {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{t('manager.title')}</h1>
    </section>
  );
}
