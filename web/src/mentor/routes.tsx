import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../pages/NotFoundPage';

/** The mentor area's pages, mounted at /mentor/* by App.tsx; its messages are under `mentor.` (web/src/i18n/mentor/). */
export function MentorRoutes() {
  return (
    <Routes>
      <Route index element={<MentorHome />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function MentorHome() {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{t('mentor.title')}</h1>
    </section>
  );
}
