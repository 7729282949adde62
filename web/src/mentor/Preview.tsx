import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/status';
import type { DraftContentFieldsFragment } from '../gql/graphql';
import { inLanguage } from './localized-text';

const Markdown = lazy(() => import('../components/Markdown'));

interface VisibleTest {
  name: string;
  hidden: boolean;
  input: unknown;
  expected?: unknown;
  throws?: boolean;
}

/**
 * The draft as a candidate will see it, in the language picked here (independent of the page's):
 * the exercise page's header, facts, statement and visible tests, with the candidates' markup
 * and messages. Hidden tests are only counted, as for candidates.
 */
export function Preview({ content }: { content: DraftContentFieldsFragment }) {
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState<'en' | 'zh-CN'>(i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  const tl = i18n.getFixedT(lang);
  const pick = (x: { en: string; zhCN: string }) => inLanguage(x, lang);
  const tests = content.tests ? (JSON.parse(content.tests) as VisibleTest[]) : [];
  const visible = tests.filter((x) => !x.hidden);
  return (
    <section className="preview-panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('mentor.preview.title')}</h2>
      <fieldset className="inline">
        <legend>{t('mentor.preview.language')}</legend>
        {(['en', 'zh-CN'] as const).map((l) => (
          <label key={l} className="option">
            <input type="radio" name="preview-lang" value={l} checked={lang === l} onChange={() => setLang(l)} />{' '}
            {t(`locales.${l}`)}
          </label>
        ))}
      </fieldset>
      <div className="exercise candidate-view" lang={lang} data-testid={`preview-${lang}`}>
        <p className="preview-title">{pick(content.title)}</p>
        <p className="lead">
          <span className={`badge type-${content.type}`}>{tl(`exerciseType.${content.type}`)}</span>{' '}
          {tl('tracks.difficulty', { level: content.difficulty })}
        </p>
        <p className="summary">{pick(content.summary)}</p>
        <div className="statement">
          {content.threshold !== null && content.type === 'MODEL' && (
            <table className="facts">
              <caption>{tl('exercise.budgetTitle')}</caption>
              <tbody>
                <tr>
                  <th scope="row">{tl('exercise.threshold')}</th>
                  <td>{(content.threshold * 100).toFixed(1)} %</td>
                </tr>
                {content.budget && (
                  <tr>
                    <th scope="row">{tl('exercise.maxParams')}</th>
                    <td>{content.budget.maxParams.toLocaleString()}</td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
          <Suspense fallback={<Loading />}>
            <Markdown source={pick(content.statement)} dropTitle />
          </Suspense>
          {content.type === 'CODING' && (
            <table className="facts">
              <caption>{tl('exercise.visibleTests')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tl('exercise.testName')}</th>
                  <th scope="col">{tl('exercise.testInput')}</th>
                  <th scope="col">{tl('exercise.testExpected')}</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((x) => (
                  <tr key={x.name}>
                    <td>{x.name}</td>
                    <td>
                      <code>{JSON.stringify(x.input)}</code>
                    </td>
                    <td>
                      <code>{x.throws ? tl('exercise.throws') : JSON.stringify(x.expected ?? null)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {content.type === 'CODING' && (
            <p className="hint">{tl('exercise.hiddenTests', { count: tests.length - visible.length })}</p>
          )}
        </div>
      </div>
    </section>
  );
}
