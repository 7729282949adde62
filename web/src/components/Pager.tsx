import { useTranslation } from 'react-i18next';

/** Pages of `pageSize` over `total` rows, at least one. */
export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

/**
 * Previous / "Page 2 of 5" / Next under a paginated table (History, the admin's users). `page` is
 * 0-based; `label` names the navigation landmark for screen readers.
 */
export function Pager(props: { page: number; pages: number; onPage: (page: number) => void; label: string }) {
  const { t } = useTranslation();
  const { page, pages, onPage, label } = props;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page === 0}>
        {t('pager.previous')}
      </button>
      <span aria-live="polite">{t('pager.page', { page: page + 1, pages })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page + 1 >= pages}>
        {t('pager.next')}
      </button>
    </nav>
  );
}
