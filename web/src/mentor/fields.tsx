import { lazy, Suspense, useId, type ReactNode } from 'react';
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
export function CodeField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  language?: 'typescript' | 'python';
}) {
  const id = useId();
  return (
    <div className="code-field" data-testid={props.testId}>
      <p className="field-label" id={id}>
        {props.label}
      </p>
      <Suspense fallback={<Loading />}>
        <CodeEditor
          value={props.value}
          onChange={props.onChange}
          language={props.language ?? 'typescript'}
          label={props.label}
        />
      </Suspense>
    </div>
  );
}

/** A control's visible label, then its hint (the control's aria-describedby is `${id}-hint`). */
function FieldFrame(props: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
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
    <FieldFrame id={id} label={props.label} hint={props.hint}>
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
    </FieldFrame>
  );
}

/** A labelled select; `options` are [value, label] pairs. */
export function SelectField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
  hint?: string;
  required?: boolean;
  id?: string;
}) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint}>
      <select
        id={id}
        required={props.required}
        value={props.value}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A monospaced text area (tests.yaml) with its hint. */
export function TextAreaField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  rows?: number;
  id?: string;
}) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint}>
      <textarea
        id={id}
        className="mono"
        rows={props.rows ?? 12}
        spellCheck={false}
        value={props.value}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

/** The same text in both languages, side by side (title, summary). */
export function BilingualField(props: {
  labelEn: string;
  labelZh: string;
  en: string;
  zh: string;
  onEn: (v: string) => void;
  onZh: (v: string) => void;
}) {
  return (
    <>
      <Field label={props.labelEn} value={props.en} onChange={props.onEn} lang="en" />
      <Field label={props.labelZh} value={props.zh} onChange={props.onZh} lang="zh-CN" />
    </>
  );
}
