import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { GRADING_QUEUE, gradingJobOptions, type GradingJobData } from '../submissions/grading-queue.js';
import { SubmissionLifecycle } from '../submissions/submission-lifecycle.js';
import { SubmissionsRepository } from '../submissions/submissions.repository.js';
import { ErrorKind, SubmissionStatus } from '../submissions/submission.types.js';

/**
 * Keeps the database and the queue in step: a submission still waiting or running whose job
 * is gone is enqueued again (same job id, so this is harmless when it races), and one whose
 * job ended without a final state gets one. Runs in every worker; the work is idempotent.
 */
@Injectable()
export class SubmissionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('sweeper');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly submissions: SubmissionsRepository,
    @InjectQueue(GRADING_QUEUE) private readonly queue: Queue<GradingJobData>,
    private readonly lifecycle: SubmissionLifecycle,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.SWEEP_INTERVAL_SECONDS * 1000;
    this.timer = setInterval(
      () => void this.sweep().catch((e: Error) => this.logger.warn(`sweep failed: ${e.message}`)),
      every,
    );
    this.timer.unref();
    void this.sweep().catch((e: Error) => this.logger.warn(`sweep failed: ${e.message}`));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pass; returns how many submissions it enqueued again and how many it closed. */
  async sweep(): Promise<{ requeued: number; closed: number }> {
    const stale = await this.submissions.stale(this.config.SWEEP_INTERVAL_SECONDS);
    let requeued = 0;
    let closed = 0;
    for (const { id } of stale) {
      const job = await this.queue.getJob(id);
      const state = job ? await job.getState() : 'missing';
      if (state === 'missing' || state === 'unknown') {
        await this.queue.add('grade', { submissionId: id }, gradingJobOptions(id));
        requeued++;
      } else if (state === 'failed' || state === 'completed') {
        const done = await this.lifecycle.finish(id, {
          status: SubmissionStatus.ERROR,
          reason:
            'Grading ended without a result because of a problem on our side; it does not count as an attempt. Please submit again.',
          errorKind: ErrorKind.INFRASTRUCTURE,
          errorCode: 'INFRASTRUCTURE',
          countsAsAttempt: false,
        });
        if (done) closed++;
      }
    }
    if (requeued || closed) this.logger.log(`re-enqueued ${requeued}, closed ${closed}`);
    return { requeued, closed };
  }
}
