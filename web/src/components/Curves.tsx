import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface CurvePoint {
  epoch: number;
  train: number | null;
  validation: number | null;
}

/**
 * One live curve (train and validation against the epoch) drawn by uPlot: a new epoch calls
 * setData on the existing plot, which redraws a canvas, not the page. Loaded lazily.
 */
export default function Curves(props: {
  title: string;
  points: CurvePoint[];
  trainLabel: string;
  valLabel: string;
  epochLabel: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = (): uPlot.AlignedData => [
    props.points.map((p) => p.epoch),
    props.points.map((p) => p.train),
    props.points.map((p) => p.validation),
  ];

  useEffect(() => {
    const width = Math.max(280, Math.min(520, host.current!.clientWidth || 480));
    const u = new uPlot(
      {
        width,
        height: 220,
        title: props.title,
        scales: { x: { time: false } },
        // A static key (no live values, no x entry): without a hovered point uPlot would print "Epoch: --".
        legend: { live: false },
        // Whole epochs only on the x axis.
        axes: [{ label: props.epochLabel, incrs: [1, 2, 5, 10, 20, 50] }, {}],
        series: [
          { label: props.epochLabel },
          { label: props.trainLabel, stroke: '#1f6feb', width: 2, points: { show: true, size: 6 } },
          { label: props.valLabel, stroke: '#d4580a', width: 2, dash: [6, 4], points: { show: true, size: 6 } },
        ],
      },
      data(),
      host.current!,
    );
    plot.current = u;
    return () => u.destroy();
    // Created once; new points go through setData below.
  }, [props.title, props.trainLabel, props.valLabel, props.epochLabel]);

  useEffect(() => {
    plot.current?.setData(data());
  }, [props.points]);

  return <div className="curve" ref={host} data-testid="curve" data-points={props.points.length} aria-hidden="true" />;
}
