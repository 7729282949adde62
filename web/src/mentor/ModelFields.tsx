import { useTranslation } from 'react-i18next';
import { Field, SelectField } from './fields';
import type { FormState } from './form-state';

/** A MODEL exercise's data set, task and budget fields (the editor's grading section). */
export function ModelFields(props: {
  f: FormState;
  set: <K extends keyof FormState>(k: K) => (v: FormState[K]) => void;
  datasets: { name: string; inputShape: string; numClasses: number }[];
}) {
  const { t } = useTranslation();
  const { f, set } = props;
  const ds = props.datasets.find((d) => d.name === f.dataset);
  return (
    <>
      <SelectField
        id="exercise-dataset"
        label={t('mentor.editor.dataset')}
        value={f.dataset}
        onChange={set('dataset')}
        options={props.datasets.map((d): [string, string] => [d.name, d.name])}
        hint={ds && t('mentor.editor.datasetHint', { shape: ds.inputShape, classes: ds.numClasses })}
      />
      <div className="two">
        {MODEL_FIELDS.map(([key, type]) => (
          <Field key={key} label={t(`mentor.editor.${key}`)} type={type} value={f[key]} onChange={set(key)} />
        ))}
      </div>
    </>
  );
}

/** The task and budget fields of a MODEL exercise, in the order shown. */
const MODEL_FIELDS: [ModelKey, 'text' | 'number'][] = [
  ['inputShape', 'text'],
  ['numClasses', 'number'],
  ['vocabSize', 'number'],
  ['seqLen', 'number'],
  ['output', 'text'],
  ['maxParams', 'number'],
  ['maxEpochs', 'number'],
  ['maxBatchSize', 'number'],
  ['wallClockSeconds', 'number'],
  ['trainSubset', 'number'],
  ['testSubset', 'number'],
];
type ModelKey =
  | 'inputShape'
  | 'numClasses'
  | 'vocabSize'
  | 'seqLen'
  | 'output'
  | 'maxParams'
  | 'maxEpochs'
  | 'maxBatchSize'
  | 'wallClockSeconds'
  | 'trainSubset'
  | 'testSubset';
