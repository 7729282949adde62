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
import { CodeField, Field, StatementField } from './fields';
import { blankForm, formFromContent, toInput, toPatch, type FormState } from './form-state';
import { StaffError } from './StaffError';

/**
 * Writes a new exercise (/mentor/new) or edits one (/mentor/exercises/:slug/edit). Saving an
 * edit sends only the fields that changed; "Fill expected values" saves, then runs the reference
 * on the tests' inputs in the sandbox and shows the tests with the values it returned.
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
            <div className="field">
              <label htmlFor="exercise-type">{t('mentor.editor.type')}</label>
              <select
                id="exercise-type"
                value={f.type}
                onChange={(e) => set('type')(e.target.value as FormState['type'])}
              >
                <option value="CODING">{t('exerciseType.CODING')}</option>
                <option value="MODEL">{t('exerciseType.MODEL')}</option>
              </select>
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="exercise-track">{t('mentor.editor.track')}</label>
          <select id="exercise-track" required value={f.trackSlug} onChange={(e) => set('trackSlug')(e.target.value)}>
            <option value="">{t('mentor.editor.pickTrack')}</option>
            {(tracks.data?.tracks ?? []).map((tr) => (
              <option key={tr.slug} value={tr.slug}>
                {tr.title}
              </option>
            ))}
          </select>
        </div>
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
          <Field label={t('mentor.editor.titleEn')} value={f.titleEn} onChange={set('titleEn')} lang="en" />
          <Field label={t('mentor.editor.titleZh')} value={f.titleZh} onChange={set('titleZh')} lang="zh-CN" />
          <Field label={t('mentor.editor.summaryEn')} value={f.summaryEn} onChange={set('summaryEn')} lang="en" />
          <Field label={t('mentor.editor.summaryZh')} value={f.summaryZh} onChange={set('summaryZh')} lang="zh-CN" />
        </div>
        <StatementField
          label={t('mentor.editor.statementEn')}
          lang="en"
          value={f.statementEn}
          onChange={set('statementEn')}
        />
        <StatementField
          label={t('mentor.editor.statementZh')}
          lang="zh-CN"
          value={f.statementZh}
          onChange={set('statementZh')}
        />
      </fieldset>

      <fieldset>
        <legend>{t('mentor.editor.grading')}</legend>
        <div className="field">
          <label htmlFor="exercise-grader">{t('mentor.editor.grader')}</label>
          <select id="exercise-grader" value={f.grader} onChange={(e) => set('grader')(e.target.value)}>
            <option value="">{t('mentor.editor.defaultGrader')}</option>
            {graders.map((g) => (
              <option key={g.name} value={g.name}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
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
            <div className="field">
              <label htmlFor="exercise-tests">{t('mentor.editor.tests')}</label>
              <textarea
                id="exercise-tests"
                className="mono"
                rows={12}
                spellCheck={false}
                value={f.testsYaml}
                aria-describedby="exercise-tests-hint"
                onChange={(e) => set('testsYaml')(e.target.value)}
              />
              <p className="hint" id="exercise-tests-hint">
                {t('mentor.editor.testsHint')}
              </p>
            </div>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('mentor.editor.code')}</legend>
        <CodeField
          label={t('mentor.editor.reference')}
          value={f.referenceCode}
          onChange={set('referenceCode')}
          testId="reference-code"
        />
        <CodeField
          label={t('mentor.editor.starter')}
          value={f.starterCode}
          onChange={set('starterCode')}
          testId="starter-code"
        />
        {f.type === 'MODEL' && (
          <CodeField
            label={t('mentor.editor.baseline')}
            value={f.baselineCode}
            onChange={set('baselineCode')}
            testId="baseline-code"
          />
        )}
      </fieldset>

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

function ModelFields(props: {
  f: FormState;
  set: <K extends keyof FormState>(k: K) => (v: FormState[K]) => void;
  datasets: { name: string; inputShape: string; numClasses: number }[];
}) {
  const { t } = useTranslation();
  const { f, set } = props;
  const ds = props.datasets.find((d) => d.name === f.dataset);
  return (
    <>
      <div className="field">
        <label htmlFor="exercise-dataset">{t('mentor.editor.dataset')}</label>
        <select
          id="exercise-dataset"
          value={f.dataset}
          aria-describedby="exercise-dataset-hint"
          onChange={(e) => set('dataset')(e.target.value)}
        >
          {props.datasets.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name}
            </option>
          ))}
        </select>
        {ds && (
          <p className="hint" id="exercise-dataset-hint">
            {t('mentor.editor.datasetHint', { shape: ds.inputShape, classes: ds.numClasses })}
          </p>
        )}
      </div>
      <div className="two">
        <Field label={t('mentor.editor.inputShape')} value={f.inputShape} onChange={set('inputShape')} />
        <Field label={t('mentor.editor.numClasses')} type="number" value={f.numClasses} onChange={set('numClasses')} />
        <Field label={t('mentor.editor.vocabSize')} type="number" value={f.vocabSize} onChange={set('vocabSize')} />
        <Field label={t('mentor.editor.seqLen')} type="number" value={f.seqLen} onChange={set('seqLen')} />
        <Field label={t('mentor.editor.output')} value={f.output} onChange={set('output')} />
        <Field label={t('mentor.editor.maxParams')} type="number" value={f.maxParams} onChange={set('maxParams')} />
        <Field label={t('mentor.editor.maxEpochs')} type="number" value={f.maxEpochs} onChange={set('maxEpochs')} />
        <Field
          label={t('mentor.editor.maxBatchSize')}
          type="number"
          value={f.maxBatchSize}
          onChange={set('maxBatchSize')}
        />
        <Field
          label={t('mentor.editor.wallClockSeconds')}
          type="number"
          value={f.wallClockSeconds}
          onChange={set('wallClockSeconds')}
        />
        <Field
          label={t('mentor.editor.trainSubset')}
          type="number"
          value={f.trainSubset}
          onChange={set('trainSubset')}
        />
        <Field label={t('mentor.editor.testSubset')} type="number" value={f.testSubset} onChange={set('testSubset')} />
      </div>
    </>
  );
}
