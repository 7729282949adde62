/**
 * The verdict: every accepted submission must have reached the outcome its code deserves,
 * once, without being charged for our failures; and enough faults must have hit a running job.
 */
import type pg from 'pg';
import type { Fault } from './injections.js';
import type { Tracked } from './workload.js';

const FINAL = ['PASSED', 'FAILED', 'ERROR', 'CANCELLED'];

export interface Verdict {
  table: [string, string | number][];
  failed: boolean;
}

export async function verdict(
  db: pg.Pool,
  tracked: Tracked[],
  faults: Fault[],
  extra: { refused: number; crashes: number; minHits: number; wallSeconds: () => number },
): Promise<Verdict> {
  const { rows } = await db.query(
    `SELECT s.id, s.status, s.counts_as_attempt, s.error_kind,
            (SELECT count(*)::int FROM submission_events e
              WHERE e.submission_id = s.id AND e.status IN ('PASSED','FAILED','ERROR','CANCELLED')) AS finals
       FROM submissions s WHERE s.id = ANY($1::uuid[])`,
    [tracked.map((t) => t.id)],
  );
  const byId = new Map(rows.map((r: any) => [r.id as string, r]));
  const lost = tracked.filter((t) => !byId.has(t.id)).length;
  const stuck = rows.filter((r: any) => !FINAL.includes(r.status)).length;
  const twice = rows.filter((r: any) => r.finals > 1).length;
  const charged = tracked.filter((t) => {
    const r: any = byId.get(t.id);
    return r && r.counts_as_attempt && !t.expected.includes(r.status);
  }).length;
  const oursError = rows.filter((r: any) => r.status === 'ERROR' && r.error_kind === 'INFRASTRUCTURE').length;
  const hits = faults.filter((f) => f.hit).length;
  const times = faults
    .map((f) => f.recoverMs)
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  const pct = (p: number) =>
    times.length ? `${(times[Math.min(times.length - 1, Math.floor(p * times.length))]! / 1000).toFixed(1)} s` : '-';
  const count = (kind: Tracked['kind']) => tracked.filter((t) => t.kind === kind).length;
  const table: [string, string | number][] = [
    ['faults injected', faults.length],
    ['faults that hit a running job', hits],
    ['submissions', tracked.length],
    ['  coding / model', `${count('coding')} / ${count('model')}`],
    ['lost', lost],
    ['stuck', stuck],
    ['graded twice', twice],
    ['charged for our failure', charged],
    ['ended ERROR on our side (not charged)', oursError],
    ['refused at submit while a store was down', extra.refused],
    ['unexpected process exits', extra.crashes],
    ['time to recover p50 / p95', `${pct(0.5)} / ${pct(0.95)}`],
    ['wall time', `${extra.wallSeconds()} s`],
  ];
  return { table, failed: lost + stuck + twice + charged > 0 || hits < extra.minHits };
}

export function printTable(table: Verdict['table']): void {
  const width = Math.max(...table.map(([k]) => k.length));
  process.stdout.write(`\n| ${'fault suite'.padEnd(width)} | result |\n|${'-'.repeat(width + 2)}|--------|\n`);
  for (const [k, v] of table) process.stdout.write(`| ${k.padEnd(width)} | ${v} |\n`);
}
