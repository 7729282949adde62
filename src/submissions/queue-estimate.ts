/**
 * Where a queued submission stands in BullMQ's waiting line, and how long it will wait.
 *
 *   const places = await estimator.places(['<submission id>', …]);   // one round of queries
 *   places.get(id) → { position: 3, estimatedWaitSeconds: 95 } | undefined (not waiting)
 *
 * Workers take jobs from the right end of the `wait` list (RPOPLPUSH), so a job's position is
 * its distance from that end (1 = taken next). A job delayed because its candidate already has
 * one running is not in the line: it has no position. The estimate is position × the average
 * length of recent jobs ÷ the jobs running now (with a line, every worker slot is busy, so the
 * running count is the capacity); null until some job has finished.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { GRADING_QUEUE, type GradingJobData } from './grading-queue.js';
import { SubmissionsRepository } from './submissions.repository.js';

export interface QueuePlace {
  position: number;
  estimatedWaitSeconds: number | null;
}

/** Jobs averaged for the estimate: recent enough to follow the load, enough to be steady. */
const RECENT_JOBS = 50;

@Injectable()
export class QueueEstimator {
  private readonly logger = new Logger(QueueEstimator.name);

  constructor(
    @InjectQueue(GRADING_QUEUE) private readonly queue: Queue<GradingJobData>,
    private readonly repository: SubmissionsRepository,
  ) {}

  /** Places of the given (queued) submissions; ids not in the waiting line are absent. Best effort: {} if Redis fails. */
  async places(ids: string[]): Promise<Map<string, QueuePlace>> {
    const found = new Map<string, QueuePlace>();
    if (ids.length === 0) return found;
    try {
      const client = await this.queue.getBackend().client;
      const key = this.queue.keys.wait;
      const [length, indexes, running, average] = await Promise.all([
        client.llen(key),
        Promise.all(ids.map((id) => client.lpos(key, id))),
        this.queue.getActiveCount(),
        this.repository.averageJobSeconds(RECENT_JOBS),
      ]);
      ids.forEach((id, i) => {
        const index = indexes[i];
        if (index === null || index === undefined) return;
        const position = length - index;
        found.set(id, {
          position,
          estimatedWaitSeconds: average === null ? null : Math.ceil((position * average) / Math.max(1, running)),
        });
      });
    } catch (e) {
      this.logger.warn(`queue position unavailable: ${(e as Error).message}`);
    }
    return found;
  }
}
