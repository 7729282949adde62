import { useTranslation } from 'react-i18next';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The accuracy with its 95 % interval, drawn on a 0–100 % axis against the threshold. */
export function AccuracyInterval(props: { accuracy: number; low: number; high: number; threshold: number | null }) {
  const { t } = useTranslation();
  const x = (v: number) => 10 + v * 380;
  const { accuracy, low, high, threshold } = props;
  return (
    <figure className="interval">
      <svg
        viewBox="0 0 400 60"
        width="400"
        height="60"
        role="img"
        aria-label={t('submission.intervalAria', {
          accuracy: pct(accuracy),
          low: pct(low),
          high: pct(high),
          threshold: threshold === null ? '—' : pct(threshold),
        })}
      >
        <line x1={x(0)} x2={x(1)} y1={30} y2={30} stroke="#888" />
        <rect x={x(low)} y={22} width={Math.max(2, x(high) - x(low))} height={16} fill="#9ec5fe" />
        <circle cx={x(accuracy)} cy={30} r={5} fill="#0b5ed7" />
        {threshold !== null && (
          <g>
            <line x1={x(threshold)} x2={x(threshold)} y1={8} y2={52} stroke="#b02a37" strokeWidth={2} />
            <text x={x(threshold) + 4} y={14} fontSize={11} fill="#b02a37">
              {t('submission.threshold')} {pct(threshold)}
            </text>
          </g>
        )}
        <text x={x(0)} y={58} fontSize={10}>
          0 %
        </text>
        <text x={x(1) - 30} y={58} fontSize={10}>
          100 %
        </text>
      </svg>
      <figcaption>
        {t('submission.accuracyLine', { accuracy: pct(accuracy), low: pct(low), high: pct(high) })}
      </figcaption>
    </figure>
  );
}

/** Per-class accuracy as horizontal bars with the class names. */
export function PerClassBars({ names, values }: { names: string[]; values: (number | null)[] }) {
  const { t } = useTranslation();
  return (
    <table className="per-class">
      <caption>{t('submission.perClass')}</caption>
      <tbody>
        {values.map((v, i) => (
          <tr key={i}>
            <th scope="row">{names[i] ?? i}</th>
            <td>
              <span className="bar" style={{ width: `${(v ?? 0) * 100}%` }} />
              <span className="bar-value">{v === null ? '—' : pct(v)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The confusion matrix as a heat map (rows: true class, columns: predicted), counts in each cell. */
export function ConfusionMatrix({ names, matrix }: { names: string[]; matrix: number[][] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...matrix.flat());
  return (
    <div className="confusion-wrap">
      <table className="confusion" data-testid="confusion-matrix">
        <caption>{t('submission.confusion')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('submission.trueVsPredicted')}</th>
            {names.map((n) => (
              <th scope="col" key={n}>
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th scope="row">{names[i] ?? i}</th>
              {row.map((c, j) => {
                const share = c / max;
                // Text stays ≥ 4.5:1 (WCAG AA): dark text up to alpha 0.66, white from 0.74 on this blue.
                const dark = share >= 0.7;
                const alpha = dark ? Math.max(share, 0.74) : Math.min(share, 0.66);
                return (
                  <td
                    key={j}
                    style={{
                      background: `rgba(8, 66, 152, ${alpha.toFixed(3)})`,
                      color: dark ? '#fff' : '#111',
                    }}
                  >
                    {c}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** threshold-and-gap: the final train accuracy against the test accuracy, and their gap against its limit. */
export function TrainTestGap(props: { train: number; trainCount: number; test: number; maxGap: number | null }) {
  const { t } = useTranslation();
  const { train, trainCount, test, maxGap } = props;
  const gap = train - test;
  const within = maxGap === null || Math.round(gap * 1000) <= Math.round(maxGap * 1000);
  const points = (x: number) => (x * 100).toFixed(1);
  return (
    <dl className="numbers train-test-gap" data-testid="train-test-gap">
      <dt>{t('submission.trainAccuracy')}</dt>
      <dd>{t('submission.trainAccuracyOn', { accuracy: pct(train), n: trainCount.toLocaleString() })}</dd>
      <dt>{t('submission.testAccuracy')}</dt>
      <dd>{pct(test)}</dd>
      <dt>{t('submission.gap')}</dt>
      <dd className={within ? 'passed' : 'failed'}>
        {maxGap === null
          ? t('exercise.points', { n: points(gap) })
          : t('submission.gapAgainst', { gap: points(gap), max: points(maxGap) })}
      </dd>
    </dl>
  );
}

/**
 * A reconstruction (autoencoder) result: the test mean squared error with its 95 % interval
 * against the largest error that passes. Not a classification, so no accuracy and no classes.
 */
export function MseAgainstThreshold(props: {
  count: number;
  mse: number;
  low: number;
  high: number;
  threshold: number | null;
}) {
  const { t } = useTranslation();
  const { count, mse, low, high, threshold } = props;
  const f = (x: number) => x.toFixed(4);
  const passed = threshold !== null && mse <= threshold;
  return (
    <dl className="numbers reconstruction" data-testid="mse-result">
      <dt>{t('submission.mse')}</dt>
      <dd className={threshold === null ? undefined : passed ? 'passed' : 'failed'}>
        {t('submission.mseLine', { mse: f(mse), low: f(low), high: f(high), n: count.toLocaleString() })}
      </dd>
      <dt>{t('submission.maxMse')}</dt>
      <dd>{threshold === null ? '—' : f(threshold)}</dd>
    </dl>
  );
}
