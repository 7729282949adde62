import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Empty, Loading } from '../components/status';
import { CreateAssessmentDocument, ExerciseBankDocument, type ExerciseType } from '../gql/graphql';
import { ManagerError } from './shared';

const TYPES: ExerciseType[] = ['MODEL', 'CODING', 'QUIZ'];

/** A new assessment: title, time limit, window, and exercises picked from the bank in the order candidates see them. */
export function NewAssessmentPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [bank] = useQuery({ query: ExerciseBankDocument, variables: { locale: i18n.language } });
  const [created, create] = useMutation(CreateAssessmentDocument);
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [type, setType] = useState<ExerciseType | ''>('');
  const [missing, setMissing] = useState(false);
  const exercises = bank.data?.exerciseBank ?? [];
  const shown = exercises.filter((e) => !type || e.type === type);
  const titleOf = new Map(exercises.map((e) => [e.slug, e.title]));

  const toggle = (slug: string) => setPicked((p) => (p.includes(slug) ? p.filter((s) => s !== slug) : [...p, slug]));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (picked.length === 0) return setMissing(true);
    setMissing(false);
    const res = await create({
      input: {
        title,
        exerciseSlugs: picked,
        timeLimitMinutes: Number(minutes),
        // datetime-local is the browser's local time; the API takes an instant.
        ...(opensAt && { opensAt: new Date(opensAt).toISOString() }),
        ...(closesAt && { closesAt: new Date(closesAt).toISOString() }),
      },
    });
    if (res.data) navigate(`/manager/assessments/${res.data.createAssessment.id}`);
  }

  return (
    <section className="manager">
      <h1 tabIndex={-1}>{t('manager.create.title')}</h1>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          <span>{t('manager.fields.title')}</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} required minLength={2} maxLength={200} />
        </label>
        <div className="row">
          <label>
            <span>{t('manager.fields.timeLimitMinutes')}</span>
            <input
              type="number"
              min={1}
              max={1440}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              required
            />
          </label>
          <label>
            <span>{t('manager.fields.opensAt')}</span>
            <input type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} />
          </label>
          <label>
            <span>{t('manager.fields.closesAt')}</span>
            <input type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />
          </label>
        </div>
        <p className="hint">{t('manager.create.windowHint')}</p>

        <fieldset>
          <legend>{t('manager.create.bank')}</legend>
          <label className="inline">
            <span>{t('manager.create.type')}</span>
            <select value={type} onChange={(e) => setType(e.target.value as ExerciseType | '')}>
              <option value="">{t('manager.create.allTypes')}</option>
              {TYPES.map((x) => (
                <option key={x} value={x}>
                  {t(`exerciseType.${x}`)}
                </option>
              ))}
            </select>
          </label>
          {bank.error && <ManagerError error={bank.error} />}
          {!bank.data && bank.fetching && <Loading />}
          {bank.data && shown.length === 0 && <Empty>{t('manager.create.noExercises')}</Empty>}
          {shown.length > 0 && (
            <table className="data" data-testid="exercise-bank">
              <caption className="visually-hidden">{t('manager.create.bank')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('manager.create.pick')}</th>
                  <th scope="col">{t('manager.create.exercise')}</th>
                  <th scope="col">{t('manager.create.track')}</th>
                  <th scope="col">{t('manager.create.type')}</th>
                  <th scope="col">{t('manager.create.difficulty')}</th>
                  <th scope="col">{t('manager.create.exposures')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.slug}>
                    <td>
                      <input
                        type="checkbox"
                        id={`pick-${e.slug}`}
                        checked={picked.includes(e.slug)}
                        onChange={() => toggle(e.slug)}
                      />
                    </td>
                    <td>
                      <label htmlFor={`pick-${e.slug}`}>{e.title}</label>
                      {e.assessmentOnly && <span className="tag">{t('manager.create.assessmentOnly')}</span>}
                    </td>
                    <td>{e.trackTitle}</td>
                    <td>{t(`exerciseType.${e.type}`)}</td>
                    <td aria-label={t('manager.create.difficultyOf', { n: e.difficulty })}>
                      {'●'.repeat(e.difficulty)}
                      {'○'.repeat(Math.max(0, 5 - e.difficulty))}
                    </td>
                    <td>{e.assessmentExposures}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </fieldset>

        <section aria-labelledby="picked-heading">
          <h2 id="picked-heading">{t('manager.create.picked', { n: picked.length })}</h2>
          {picked.length === 0 ? (
            <Empty>{t('manager.create.nonePicked')}</Empty>
          ) : (
            <ol data-testid="picked">
              {picked.map((s) => (
                <li key={s}>
                  {titleOf.get(s) ?? s}{' '}
                  <button
                    type="button"
                    onClick={() => toggle(s)}
                    aria-label={t('manager.create.removeOf', { title: titleOf.get(s) ?? s })}
                  >
                    {t('manager.create.remove')}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
        {missing && (
          <p className="error" role="alert">
            {t('manager.create.pickOne')}
          </p>
        )}
        {created.error && <ManagerError error={created.error} />}
        <button type="submit" disabled={created.fetching}>
          {t('manager.create.submit')}
        </button>
      </form>
    </section>
  );
}
