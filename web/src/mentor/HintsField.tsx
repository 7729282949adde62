import { useTranslation } from 'react-i18next';

export interface HintText {
  en: string;
  zh: string;
}

/** The API's limit (ExerciseDraftInput.hints) and exercise.yaml's. */
export const MAX_HINTS = 5;

/**
 * Practice hints in the order candidates reveal them, each in English and Chinese: add, remove,
 * move up or down. Hints are shown one at a time in practice, never in assessments.
 */
export function HintsField(props: { hints: HintText[]; onChange: (hints: HintText[]) => void }) {
  const { t } = useTranslation();
  const { hints, onChange } = props;
  const edit = (i: number, part: Partial<HintText>) => onChange(hints.map((h, j) => (j === i ? { ...h, ...part } : h)));
  const move = (i: number, to: number) => {
    const next = [...hints];
    const [h] = next.splice(i, 1);
    next.splice(to, 0, h!);
    onChange(next);
  };
  return (
    <fieldset className="hints-field" data-testid="hints">
      <legend>{t('mentor.editor.hints')}</legend>
      <p className="hint">{t('mentor.editor.hintsHint', { max: MAX_HINTS })}</p>
      <ol>
        {hints.map((h, i) => (
          <li key={i} data-testid="hint">
            <div className="two">
              <label className="field">
                {t('mentor.editor.hintEn', { n: i + 1 })}
                <textarea rows={2} lang="en" value={h.en} onChange={(e) => edit(i, { en: e.target.value })} />
              </label>
              <label className="field">
                {t('mentor.editor.hintZh', { n: i + 1 })}
                <textarea rows={2} lang="zh-CN" value={h.zh} onChange={(e) => edit(i, { zh: e.target.value })} />
              </label>
            </div>
            <div className="toolbar">
              <button type="button" disabled={i === 0} onClick={() => move(i, i - 1)}>
                {t('mentor.editor.hintUp', { n: i + 1 })}
              </button>
              <button type="button" disabled={i === hints.length - 1} onClick={() => move(i, i + 1)}>
                {t('mentor.editor.hintDown', { n: i + 1 })}
              </button>
              <button type="button" onClick={() => onChange(hints.filter((_, j) => j !== i))}>
                {t('mentor.editor.hintRemove', { n: i + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        disabled={hints.length >= MAX_HINTS}
        onClick={() => onChange([...hints, { en: '', zh: '' }])}
      >
        {t('mentor.editor.hintAdd')}
      </button>
    </fieldset>
  );
}
