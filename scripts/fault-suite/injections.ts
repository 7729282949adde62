/**
 * The faults, each injected while the stream runs, and how the suite tells that one hit a
 * running job: the takeover, hand-back or retry recorded in that submission's history after
 * the fault (for the store restarts: a submission finished afterwards while jobs were running).
 */
import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { AppProcess } from './app-process.js';
import type { Stores } from './stores.js';
import { childrenOf, cmdline, log, until } from './support.js';

export interface Fault {
  kind: string;
  at: number;
  /** Submissions running where the fault struck. */
  running: string[];
  /** A takeover (or hand-back, or retry) recorded for one of them after the fault. */
  hit?: boolean;
  recoverMs?: number;
}

export interface Target {
  db: pg.Pool;
  redis: Redis;
  prefix: string;
  workers: AppProcess[];
  stores: Stores;
}

interface Beat {
  pid: number;
  concurrency: number;
  running: string[];
}

export class Injector {
  readonly faults: Fault[] = [];
  /** Seconds from a worker's start to its first beat, for each start seen. */
  readonly startSeconds: number[] = [];
  private readonly seen = new Set<number>();
  /**
   * How often each submission was on a killed worker. BullMQ fails a job that stalled more
   * than three times (ERROR on our side, never taken over), and a long training job would
   * otherwise be on the victim again and again: a worker is killed only while each of its
   * jobs was killed at most once before.
   */
  private readonly killed = new Map<string, number>();
  constructor(private readonly t: Target) {}

  async beats(): Promise<Beat[]> {
    const keys = await this.t.redis.keys(`${this.t.prefix}:worker:*`);
    const values = keys.length ? await this.t.redis.mget(...keys) : [];
    return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as Beat);
  }

  /** When an event matching `pattern` was first recorded for one of `ids` after `since`. */
  private async eventsAfter(ids: string[], since: number, pattern: string): Promise<number | undefined> {
    const { rows } = await this.t.db.query(
      `SELECT min(created_at) AS at FROM submission_events
        WHERE submission_id = ANY($1::uuid[]) AND created_at > to_timestamp($2 / 1000.0) AND message ~* $3`,
      [ids, since, pattern],
    );
    return rows[0].at ? new Date(rows[0].at).getTime() : undefined;
  }

  private async nextFinishAfter(since: number): Promise<number | undefined> {
    const { rows } = await this.t.db.query(
      `SELECT min(finished_at) AS at FROM submissions WHERE finished_at > to_timestamp($1 / 1000.0)`,
      [since],
    );
    return rows[0].at ? new Date(rows[0].at).getTime() : undefined;
  }

  /**
   * A worker running a submission at one of `stages`, while the other worker is up with a free
   * slot to take it over at once. Only beats of our current processes count: a killed worker's
   * key lives on for three beats, and taking it for the other worker would kill the last one.
   */
  private async busyWorker(stages: string[]): Promise<{ worker: AppProcess; running: string[] }> {
    return until(`a worker running a submission (${stages.join('/')})`, 240_000, async () => {
      const pids = new Set(this.t.workers.map((w) => w.pid));
      const live = (await this.beats()).filter((b) => pids.has(b.pid));
      this.noteStarts(live);
      for (const b of live) {
        const w = this.t.workers.find((x) => x.pid === b.pid);
        if (!w || b.running.length === 0) continue;
        if (b.running.some((id) => (this.killed.get(id) ?? 0) >= 2)) continue;
        const peerReady = live.some((o) => o.pid !== b.pid && o.running.length < o.concurrency);
        if (!peerReady) continue;
        const { rows } = await this.t.db.query(
          `SELECT id FROM submissions WHERE id = ANY($1::uuid[]) AND status = 'RUNNING' AND stage = ANY($2)`,
          [b.running, stages],
        );
        if (rows.length > 0) return { worker: w, running: b.running };
      }
      return undefined;
    });
  }

  /** Where these submissions are now and their last event (why a fault missed). */
  private async describe(ids: string[]): Promise<string> {
    const { rows } = await this.t.db.query(
      `SELECT s.id, s.status, s.stage,
              (SELECT e.message FROM submission_events e WHERE e.submission_id = s.id ORDER BY e.created_at DESC LIMIT 1) AS last
         FROM submissions s WHERE s.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r: any) => `${r.id.slice(0, 8)} ${r.status}/${r.stage} "${r.last}"`).join('; ');
  }

  /** Notes worker start-ups as they happen (every half second) until stopped. */
  watchStarts(): () => void {
    const timer = setInterval(() => {
      const pids = new Set(this.t.workers.map((w) => w.pid));
      this.beats()
        .then((list) => this.noteStarts(list.filter((b) => pids.has(b.pid))))
        .catch(() => undefined);
    }, 500);
    return () => clearInterval(timer);
  }

  /** Logs how long each (re)started worker took to send its first beat (the start-up is what bounds the kill rate). */
  private noteStarts(live: Beat[]): void {
    for (const w of this.t.workers) {
      if (w.pid === undefined || this.seen.has(w.pid) || !live.some((b) => b.pid === w.pid)) continue;
      this.seen.add(w.pid);
      this.startSeconds.push((Date.now() - w.startedAt) / 1000);
      log(`${w.name} (pid ${w.pid}) up ${this.startSeconds.at(-1)!.toFixed(1)} s after its start`);
    }
  }

  /** Injects a fault and waits (up to `ms`) for `recovered` to give the time it was recorded. */
  private async inject(
    kind: string,
    running: string[],
    act: () => Promise<unknown>,
    ms: number,
    recovered: (at: number) => Promise<number | undefined>,
  ): Promise<Fault> {
    const at = Date.now();
    const fault: Fault = { kind, at, running };
    this.faults.push(fault);
    await act();
    const done = await until(`recovery from ${kind}`, ms, () => recovered(at)).catch(() => undefined);
    fault.hit = running.length > 0 && done !== undefined;
    if (done !== undefined) fault.recoverMs = done - at;
    return fault;
  }

  /** kill -9 a worker mid-job: another worker takes the job over once its lock expires. */
  async killWorker(n: number): Promise<void> {
    const { worker, running } = await this.busyWorker(['SANDBOX', 'VALIDATE', 'TRAIN', 'EVALUATE', 'GRADE']);
    for (const id of running) this.killed.set(id, (this.killed.get(id) ?? 0) + 1);
    const f = await this.inject(
      'kill -9 worker',
      running,
      () => worker.fault('SIGKILL'),
      120_000,
      (at) => this.eventsAfter(running, at, 'another worker'),
    );
    log(
      `kill -9 #${n}: ${f.hit ? `taken over in ${f.recoverMs} ms` : `no takeover recorded: ${await this.describe(running)}`}`,
    );
  }

  /** Restart Redis, or PostgreSQL: recovered when a submission finishes afterwards. */
  async restartStore(which: 'Redis' | 'PostgreSQL'): Promise<void> {
    const running = (await this.beats().catch(() => [])).flatMap((b) => b.running);
    let restarted = Date.now();
    const restart = which === 'Redis' ? this.t.stores.restartRedis : this.t.stores.restartPostgres;
    const f = await this.inject(
      `restart ${which}`,
      running,
      async () => (await restart(), (restarted = Date.now())),
      120_000,
      () => this.nextFinishAfter(restarted),
    );
    log(
      `${f.kind}: ${f.recoverMs !== undefined ? `a submission finished ${f.recoverMs} ms later` : 'nothing finished'}`,
    );
  }

  /** SIGTERM a worker during training: it hands the job back; another worker takes it. */
  async terminateTraining(): Promise<void> {
    const { worker, running } = await this.busyWorker(['TRAIN']);
    const f = await this.inject(
      'SIGTERM worker in training',
      running,
      () => worker.fault('SIGTERM'),
      60_000,
      (at) => this.eventsAfter(running, at, 'worker is stopping'),
    );
    log(`SIGTERM in training: ${f.hit ? `handed back in ${f.recoverMs} ms` : 'no hand-back recorded'}`);
  }

  /** kill -9 a trainer child: our failure, retried, not counted. */
  async killTrainer(): Promise<void> {
    const { worker, running } = await this.busyWorker(['TRAIN']);
    const trainer = childrenOf(worker.pid!).find((p) => cmdline(p).includes('trainer-child'));
    if (!trainer) {
      this.faults.push({ kind: 'kill -9 trainer child', at: Date.now(), running: [], hit: false });
      log('kill -9 trainer: no trainer child found');
      return;
    }
    const f = await this.inject(
      'kill -9 trainer child',
      running,
      async () => process.kill(trainer, 'SIGKILL'),
      60_000,
      (at) => this.eventsAfter(running, at, 'infrastructure failed'),
    );
    log(`kill -9 trainer: ${f.hit ? `retried in ${f.recoverMs} ms` : 'no retry recorded'}`);
  }
}
