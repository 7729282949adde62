import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface CompareSeries {
  label: string;
  /** Value per epoch (1-based epoch → value); missing epochs are gaps. */
  byEpoch: Map<number, number | null>;
  stroke: string;
  dash?: number[];
}

/**
 * Several submissions' curves on one plot, aligned by epoch (History's comparison). A static
 * key, as in Curves: no live read-out. Loaded lazily.
 */
export default function CompareCurves(props: { title: string; epochLabel: string; series: CompareSeries[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const epochs = [...new Set(props.series.flatMap((s) => [...s.byEpoch.keys()]))].sort((a, b) => a - b);
    const data: uPlot.AlignedData = [epochs, ...props.series.map((s) => epochs.map((e) => s.byEpoch.get(e) ?? null))];
    const u = new uPlot(
      {
        width: Math.max(280, Math.min(520, host.current!.clientWidth || 480)),
        height: 240,
        title: props.title,
        scales: { x: { time: false } },
        legend: { live: false },
        axes: [{ label: props.epochLabel, incrs: [1, 2, 5, 10, 20, 50] }, {}],
        series: [
          { label: props.epochLabel },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.stroke,
            width: 2,
            dash: s.dash,
            points: { show: true, size: 6 },
          })),
        ],
      },
      data,
      host.current!,
    );
    return () => u.destroy();
  }, [props.title, props.epochLabel, props.series]);
  return (
    <div
      className="curve"
      ref={host}
      data-testid="compare-curve"
      data-series={props.series.length}
      aria-hidden="true"
    />
  );
}
