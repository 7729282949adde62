import { useTranslation } from 'react-i18next';
import type { DraftFieldsFragment } from '../gql/graphql';

/** DRAFT / PUBLISHED, and "retired" or "assessment only" beside it. */
export function DraftStatus({ draft }: { draft: Pick<DraftFieldsFragment, 'status' | 'retired' | 'assessmentOnly'> }) {
  const { t } = useTranslation();
  return (
    <span className="draft-status">
      <span className={`badge status-${draft.status}`}>{t(`mentor.status.${draft.status}`)}</span>
      {draft.retired && <span className="badge retired"> {t('mentor.status.retired')}</span>}
      {draft.assessmentOnly && <span className="badge"> {t('mentor.status.assessmentOnly')}</span>}
    </span>
  );
}
