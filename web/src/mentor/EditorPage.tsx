import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Loading } from '../components/status';
import {
  AuthoringOptionsDocument,
  CreateExerciseDocument,
  ExerciseDraftDocument,
  FillExpectedValuesDocument,
  TracksDocument,
  UpdateExerciseDocument,
} from '../gql/graphql';
import { BilingualField, CodeField, Field, SelectField, StatementField, TextAreaField } from './fields';
import { HintsField } from './HintsField';
import { ModelFields } from './ModelFields';
import { blankForm, formFromContent, toInput, toPatch, type FormState } from './form-state';
import { StaffError } from './StaffError';

/**
 * Writes a new exercise (/mentor/new) or edits one (/mentor/exercises/:slug/edit). Saving an
 * edit sends only the fields that changed; "Fill expected values" saves, then runs the reference
 * on the tests' inputs in the sandbox and shows the tests with the values it returned. CODING
 * exercises may also be offered in Python (entry, reference, starter); any exercise may carry
 * practice hints in both languages.
 */
export function EditorPage() {
  const { slug } = useParams();
  const { t } = useTranslation();
  const [draft, refetch] = useQuery({
    query: ExerciseDraftDocument,
    variables: { slug: slug ?? '' },
    pause: !slug,
    requestPolicy: 'network-only',
  });
  const d = draft.data?.exerciseDraft;
  const title = slug ? t('mentor.editor.editTitle', { slug }) : t('mentor.editor.newTitle');
  if (slug && !d)
    return (
      <section>
        <h1 tabIndex={-1}>{title}</h1>
        {draft.error ? <StaffError error={draft.error} /> : <Loading />}
      </section>
    );
  if (d && (d.fromRepository || !d.content))
    return (
      <section>
        <h1 tabIndex={-1}>{title}</h1>
        <p className="notice" role="note">
          {d.fromRepository ? t('mentor.editor.fromRepository') : t('mentor.editor.notYours')}
        </p>
        <Link to="/mentor/repository">{t('mentor.repository.nav')}</Link>
      </section>
    );
  return (
    <section className="editor">
      <h1 tabIndex={-1}>{title}</h1>
      {d && d.liveAssessmentCount > 0 && (
        <p className="warning" role="note" data-testid="live-assessment-warning">
          {t('mentor.editor.liveWarning', { count: d.liveAssessmentCount })}
        </p>
      )}
      {d?.status === 'PUBLISHED' && (
        <p className="notice" role="note">
          {t('mentor.editor.nextVersion', { v: d.version + 1 })}
        </p>
      )}
      {/* Keyed by slug only: a save re-reads the draft (its version and notices) without resetting the form. */}
      <EditorForm
        key={d ? d.slug : 'new'}
        initial={d?.content ? formFromContent(d.slug, d.content) : blankForm()}
        editing={!!d}
        onSaved={() => refetch({ requestPolicy: 'network-only' })}
      />
    </section>
  );
}

function EditorForm({
  initial: loaded,
  editing,
  onSaved,
}: {
  initial: FormState;
  editing: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [initial, setInitial] = useState(loaded);
  const [f, setF] = useState(loaded);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<CombinedError | null>(null);
  const [busy, setBusy] = useState(false);
  const [tracks] = useQuery({ query: TracksDocument, variables: { locale: 'en' } });
  const [options] = useQuery({ query: AuthoringOptionsDocument });
  const [, create] = useMutation(CreateExerciseDocument);
  const [, update] = useMutation(UpdateExerciseDocument);
  const [, fill] = useMutation(FillExpectedValuesDocument);
  const set =
    <K extends keyof FormState>(k: K) =>
    (v: FormState[K]) => {
      setF((s) => ({ ...s, [k]: v }));
      setSaved(null);
    };
  const changed = JSON.stringify(toPatch(initial, f)) !== '{}';

  // The chosen track's skills, and any other skill already picked (so it can be unticked).
  const skills = (tracks.data?.tracks ?? []).flatMap((tr) =>
    tr.skills
      .filter((s) => tr.slug === f.trackSlug || f.skills.includes(s.slug))
      .map((s) => ({ ...s, track: tr.title })),
  );
  const graders = (options.data?.authoringOptions.graders ?? []).filter((g) => g.type === f.type);
  const datasets = options.data?.authoringOptions.datasets ?? [];

  /** Saves what changed; true when the draft now holds the form. */
  const save = async (): Promise<boolean> => {
    setError(null);
    if (!editing) {
      const res = await create({ input: toInput(f) });
      if (res.error) return (setError(res.error), false);
      navigate(`/mentor/exercises/${res.data!.createExercise.slug}/edit`, { replace: true });
      return true;
    }
    if (!changed) return true;
    const res = await update({ slug: f.slug, input: toPatch(initial, f) });
    if (res.error) return (setError(res.error), false);
    const c = res.data!.updateExercise.content!;
    const now = formFromContent(f.slug, c);
    setInitial(now);
    setF(now);
    onSaved();
    return true;
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    if (await save()) setSaved(t('mentor.editor.saved'));
    setBusy(false);
  };
  const onFill = async () => {
    setBusy(true);
    if (await save()) {
      const res = await fill({ slug: f.slug });
      if (res.error) setError(res.error);
      else {
        const now = formFromContent(f.slug, res.data!.fillExpectedValues.content!);
        setInitial(now);
        setF(now);
        setSaved(t('mentor.editor.filled'));
      }
    }
    setBusy(false);
  };

  return (
    <form className="staff-form editor-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <fieldset>
        <legend>{t('mentor.editor.identity')}</legend>
        {!editing && (
          <>
            <Field
              label={t('mentor.editor.slug')}
              value={f.slug}
              onChange={set('slug')}
              required
              hint={t('mentor.editor.slugHint')}
              name="slug"
            />
            <SelectField
              id="exercise-type"
              label={t('mentor.editor.type')}
              value={f.type}
              onChange={(v) => set('type')(v as FormState['type'])}
              options={[
                ['CODING', t('exerciseType.CODING')],
                ['MODEL', t('exerciseType.MODEL')],
              ]}
            />
          </>
        )}
        <SelectField
          id="exercise-track"
          label={t('mentor.editor.track')}
          required
          value={f.trackSlug}
          onChange={set('trackSlug')}
          options={[
            ['', t('mentor.editor.pickTrack')],
            ...(tracks.data?.tracks ?? []).map((tr): [string, string] => [tr.slug, tr.title]),
          ]}
        />
        <Field
          label={t('mentor.editor.difficulty')}
          type="number"
          min={1}
          max={5}
          value={f.difficulty}
          onChange={set('difficulty')}
        />
        <fieldset className="skills">
          <legend>{t('mentor.editor.skills')}</legend>
          {skills.length === 0 && (
            <p className="hint">{t(f.trackSlug ? 'mentor.editor.noSkills' : 'mentor.editor.pickTrackFirst')}</p>
          )}
          {skills.map((s) => (
            <label key={s.slug} className="option">
              <input
                type="checkbox"
                checked={f.skills.includes(s.slug)}
                onChange={(e) =>
                  set('skills')(e.target.checked ? [...f.skills, s.slug] : f.skills.filter((x) => x !== s.slug))
                }
              />{' '}
              {s.title} <span className="muted">({s.track})</span>
            </label>
          ))}
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t('mentor.editor.texts')}</legend>
        <div className="two">
          {(['title', 'summary'] as const).map((k) => (
            <BilingualField
              key={k}
              labelEn={t(`mentor.editor.${k}En`)}
              labelZh={t(`mentor.editor.${k}Zh`)}
              en={f[`${k}En`]}
              zh={f[`${k}Zh`]}
              onEn={set(`${k}En`)}
              onZh={set(`${k}Zh`)}
            />
          ))}
        </div>
        {(['En', 'Zh'] as const).map((l) => (
          <StatementField
            key={l}
            label={t(`mentor.editor.statement${l}`)}
            lang={l === 'En' ? 'en' : 'zh-CN'}
            value={f[`statement${l}`]}
            onChange={set(`statement${l}`)}
          />
        ))}
        <HintsField hints={f.hints} onChange={set('hints')} />
      </fieldset>

      <fieldset>
        <legend>{t('mentor.editor.grading')}</legend>
        <SelectField
          id="exercise-grader"
          label={t('mentor.editor.grader')}
          value={f.grader}
          onChange={set('grader')}
          options={[['', t('mentor.editor.defaultGrader')], ...graders.map((g): [string, string] => [g.name, g.name])]}
        />
        <Field
          label={t('mentor.editor.threshold')}
          type="number"
          min={0}
          max={1}
          step="0.01"
          value={f.threshold}
          onChange={set('threshold')}
          hint={t(f.type === 'MODEL' ? 'mentor.editor.thresholdModel' : 'mentor.editor.thresholdCoding')}
        />
        {f.type === 'MODEL' ? (
          <ModelFields f={f} set={set} datasets={datasets} />
        ) : (
          <>
            <Field
              label={t('mentor.editor.entry')}
              value={f.entry}
              onChange={set('entry')}
              hint={t('mentor.editor.entryHint')}
            />
            <TextAreaField
              id="exercise-tests"
              label={t('mentor.editor.tests')}
              value={f.testsYaml}
              onChange={set('testsYaml')}
              hint={t('mentor.editor.testsHint')}
            />
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('mentor.editor.code')}</legend>
        {CODE_FIELDS.filter(([, , kind]) => kind === 'all' || kind === f.type).map(([key, label, , testId]) => (
          <CodeField key={key} label={t(label)} value={f[key]} onChange={set(key)} testId={testId} />
        ))}
      </fieldset>

      {f.type === 'CODING' && (
        <fieldset data-testid="python-version">
          <legend>{t('mentor.editor.python')}</legend>
          <p className="hint">{t('mentor.editor.pythonHint')}</p>
          <Field
            label={t('mentor.editor.pythonEntry')}
            value={f.pythonEntry}
            onChange={set('pythonEntry')}
            hint={t('mentor.editor.pythonEntryHint')}
            name="pythonEntry"
          />
          {PYTHON_FIELDS.map(([key, label, testId]) => (
            <CodeField
              key={key}
              label={t(label)}
              value={f[key]}
              onChange={set(key)}
              testId={testId}
              language="python"
            />
          ))}
        </fieldset>
      )}

      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy || (editing && !changed)}>
          {editing ? t('mentor.editor.save') : t('mentor.editor.create')}
        </button>
        {editing && f.type === 'CODING' && (
          <button type="button" disabled={busy} onClick={() => void onFill()}>
            {t('mentor.editor.fill')}
          </button>
        )}
        {editing && <Link to={`/mentor/exercises/${f.slug}`}>{t('mentor.editor.back')}</Link>}
        {busy && <Loading label={t('mentor.editor.working')} />}
        <p role="status" aria-live="polite" className="saved">
          {saved}
        </p>
      </div>
      {error && <StaffError error={error} />}
    </form>
  );
}

type CodeKey = 'referenceCode' | 'starterCode' | 'baselineCode';
/** The code editors: form key, label, which type shows it, test id. */
const CODE_FIELDS: [CodeKey, string, 'all' | 'MODEL', string][] = [
  ['referenceCode', 'mentor.editor.reference', 'all', 'reference-code'],
  ['starterCode', 'mentor.editor.starter', 'all', 'starter-code'],
  ['baselineCode', 'mentor.editor.baseline', 'MODEL', 'baseline-code'],
];
const PYTHON_FIELDS: ['pythonReference' | 'pythonStarter', string, string][] = [
  ['pythonReference', 'mentor.editor.pythonReference', 'python-reference'],
  ['pythonStarter', 'mentor.editor.pythonStarter', 'python-starter'],
];
