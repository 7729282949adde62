import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { Empty, Loading } from '../components/status';
import { ExerciseVersionsDocument, type DraftContentFieldsFragment } from '../gql/graphql';
import { formFromContent, type FormState } from './form-state';
import { diffLines } from '../components/line-diff';
import { StaffError } from './StaffError';

/** The fields compared, in the editor's order, with their label keys. */
const FIELDS: (keyof FormState)[] = [
  'trackSlug',
  'difficulty',
  'titleEn',
  'titleZh',
  'summaryEn',
  'summaryZh',
  'statementEn',
  'statementZh',
  'skills',
  'dataset',
  'inputShape',
  'numClasses',
  'maxParams',
  'maxEpochs',
  'maxBatchSize',
  'wallClockSeconds',
  'grader',
  'threshold',
  'entry',
  'testsYaml',
  'referenceCode',
  'starterCode',
  'baselineCode',
];

/** Every version of an exercise, and a line diff between any two, field by field. */
export function VersionsPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: ExerciseVersionsDocument, variables: { slug } });
  const versions = data?.exerciseVersions ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const last = versions.at(-1)?.version ?? 1;
  const a = versions.find((v) => v.version === (from ?? Math.max(1, last - 1)));
  const b = versions.find((v) => v.version === (to ?? last));
  return (
    <section className="versions">
      <p className="crumbs">
        <Link to="/mentor">{t('mentor.mine.nav')}</Link> › <Link to={`/mentor/exercises/${slug}`}>{slug}</Link>
      </p>
      <h1 tabIndex={-1}>{t('mentor.versions.title', { slug })}</h1>
      {error && <StaffError error={error} />}
      {!data && fetching && <Loading />}
      {data && versions.length === 0 && <Empty>{t('mentor.versions.empty')}</Empty>}
      {versions.length > 0 && (
        <table className="staff-table">
          <caption>{t('mentor.versions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mentor.mine.version')}</th>
              <th scope="col">{t('mentor.mine.status')}</th>
              <th scope="col">{t('mentor.versions.created')}</th>
              <th scope="col">{t('mentor.versions.published')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{t(`mentor.status.${v.status}`)}</td>
                <td>{new Date(v.createdAt).toLocaleString(i18n.language)}</td>
                <td>{v.publishedAt ? new Date(v.publishedAt).toLocaleString(i18n.language) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versions.length > 0 && (
        <div className="filters">
          <label>
            <span>{t('mentor.versions.from')}</span>
            <select value={a?.version ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('mentor.versions.to')}</span>
            <select value={b?.version ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {a?.content && b?.content && <VersionDiff slug={slug} a={a.content} b={b.content} />}
    </section>
  );
}

function VersionDiff({ slug, a, b }: { slug: string; a: DraftContentFieldsFragment; b: DraftContentFieldsFragment }) {
  const { t } = useTranslation();
  const before = formFromContent(slug, a);
  const after = formFromContent(slug, b);
  const text = (f: FormState, k: keyof FormState) =>
    Array.isArray(f[k]) ? (f[k] as string[]).join(', ') : String(f[k]);
  const changed = FIELDS.filter((k) => text(before, k) !== text(after, k));
  if (changed.length === 0) return <Empty>{t('mentor.versions.same')}</Empty>;
  return (
    <div className="diffs" data-testid="version-diff">
      {changed.map((k) => (
        <section key={k} className="diff" aria-label={t(`mentor.field.${k}`)}>
          <h2>{t(`mentor.field.${k}`)}</h2>
          <pre>
            {diffLines(text(before, k), text(after, k)).map((l, i) => (
              <span key={i} className={`diff-${l.kind}`}>
                <span className="sign" aria-hidden="true">
                  {l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : ' '}
                </span>
                {l.kind !== 'same' && <span className="visually-hidden">{t(`mentor.versions.${l.kind}`)}: </span>}
                {l.text}
                {'\n'}
              </span>
            ))}
          </pre>
        </section>
      ))}
    </div>
  );
}
