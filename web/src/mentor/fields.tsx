import { lazy, Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/status';

const Markdown = lazy(() => import('../components/Markdown'));
const CodeEditor = lazy(() => import('../components/CodeEditor'));

/** A Markdown statement in one language, with its live preview beside it (rendered as candidates see it). */
export function StatementField(props: { label: string; lang: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="statement-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="split">
        <textarea
          id={id}
          lang={props.lang}
          rows={14}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <section
          className="preview"
          aria-label={t('mentor.editor.livePreview', { label: props.label })}
          lang={props.lang}
        >
          <Suspense fallback={<Loading />}>
            <Markdown source={props.value} dropTitle />
          </Suspense>
        </section>
      </div>
    </div>
  );
}

/** Reference, starter or baseline code in CodeMirror (the candidates' editor). */
export function CodeField(props: { label: string; value: string; onChange: (v: string) => void; testId: string }) {
  const id = useId();
  return (
    <div className="code-field" data-testid={props.testId}>
      <p className="field-label" id={id}>
        {props.label}
      </p>
      <Suspense fallback={<Loading />}>
        <CodeEditor value={props.value} onChange={props.onChange} language="typescript" label={props.label} />
      </Suspense>
    </div>
  );
}

/** A labelled input: every control of the editor has a visible label. */
export function Field(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  hint?: string;
  required?: boolean;
  lang?: string;
  min?: number;
  max?: number;
  step?: string;
  name?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        lang={props.lang}
        min={props.min}
        max={props.max}
        step={props.step}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
