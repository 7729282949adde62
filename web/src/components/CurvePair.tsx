import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from './status';

const Curves = lazy(() => import('./Curves'));

export interface EpochPoint {
  epoch: number;
  loss?: number | null;
  accuracy?: number | null;
  valLoss?: number | null;
  valAccuracy?: number | null;
}

/** Loss and accuracy against the epoch, train and validation (uPlot, loaded lazily); nothing before the first epoch. */
export function CurvePair({ epochs }: { epochs: EpochPoint[] }) {
  const { t } = useTranslation();
  if (epochs.length === 0) return null;
  const points = (train: 'loss' | 'accuracy', val: 'valLoss' | 'valAccuracy') =>
    epochs.map((e) => ({ epoch: e.epoch, train: e[train] ?? null, validation: e[val] ?? null }));
  const labels = {
    trainLabel: t('submission.train'),
    valLabel: t('submission.validation'),
    epochLabel: t('submission.epoch'),
  };
  return (
    <Suspense fallback={<Loading />}>
      <div className="curves">
        <Curves title={t('submission.loss')} points={points('loss', 'valLoss')} {...labels} />
        <Curves title={t('submission.accuracy')} points={points('accuracy', 'valAccuracy')} {...labels} />
      </div>
    </Suspense>
  );
}
