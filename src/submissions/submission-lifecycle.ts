import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import { REDIS } from '../redis/redis.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { EpochMetricEntity } from './epoch-metric.entity.js';
import { submissionChannel } from './grading-queue.js';
import { SubmissionEventEntity } from './submission-event.entity.js';
import type { EpochMetricView, SubmissionUpdate } from './submission-update.js';
import { SubmissionEntity } from './submission.entity.js';
import { SubmissionsRepository } from './submissions.repository.js';
import {
  gradedAccuracy,
  ErrorKind,
  SubmissionStage,
  SubmissionStatus,
  type StoredEvaluation,
  type StoredReconstruction,
  type StoredGrade,
  type StoredRun,
} from './submission.types.js';

export interface FinalOutcome {
  status: SubmissionStatus.PASSED | SubmissionStatus.FAILED | SubmissionStatus.ERROR | SubmissionStatus.CANCELLED;
  reason: string;
  countsAsAttempt: boolean;
  errorKind?: ErrorKind;
  errorCode?: string;
  /** Where the candidate's error was in their source (1-based). */
  errorLine?: number;
  errorColumn?: number;
  /** What the code printed. */
  consoleOutput?: string;
  engine?: string;
  paramCount?: number;
  trainingSeconds?: number;
  evaluation?: StoredEvaluation;
  reconstruction?: StoredReconstruction;
  grade?: StoredGrade;
  topology?: JsonObject;
  /** MODEL: the training runs behind the grade (two when the first was close to the threshold). */
  runs?: StoredRun[];
  closeToThreshold?: boolean;
}

/**
 * Every change of a submission's state goes through here: the row (guarded by the state it
 * must come from), a status-history event, and a live update on Redis for subscribers.
 */
@Injectable()
export class SubmissionLifecycle {
  private readonly logger = new Logger(SubmissionLifecycle.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: SubmissionsRepository,
  ) {}

  /** Moves to RUNNING at `stage` if the submission is still in one of `from`; false if it was not. */
  async enterStage(
    id: string,
    stage: SubmissionStage,
    message: string,
    from: SubmissionStatus[] = [SubmissionStatus.RUNNING],
  ): Promise<boolean> {
    const changed = await this.db.transaction(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(SubmissionEntity)
        .set({ status: SubmissionStatus.RUNNING, stage, startedAt: () => 'COALESCE(started_at, now())' })
        .where('id = :id AND status IN (:...from) AND NOT cancel_requested', { id, from })
        .execute();
      if (!res.affected) return false;
      await em.insert(SubmissionEventEntity, { submissionId: id, status: SubmissionStatus.RUNNING, stage, message });
      return true;
    });
    if (changed)
      await this.publish({ submissionId: id, kind: 'STATUS', status: SubmissionStatus.RUNNING, stage, message });
    return changed;
  }

  /**
   * Takes a submission for grading: RUNNING at the SANDBOX stage, unless the candidate
   * already has `maxRunning` others running (then false: the job waits and tries again).
   */
  async claim(id: string, userId: string, maxRunning: number, message: string): Promise<'claimed' | 'busy' | 'gone'> {
    const result = await this.db.transaction(async (em) => {
      await this.repository.lockCandidate(em, 'run', userId);
      if ((await this.repository.runningCount(em, userId, id)) >= maxRunning) return 'busy' as const;
      const res = await em
        .createQueryBuilder()
        .update(SubmissionEntity)
        .set({
          status: SubmissionStatus.RUNNING,
          stage: SubmissionStage.SANDBOX,
          startedAt: () => 'COALESCE(started_at, now())',
        })
        .where(`id = :id AND status IN ('QUEUED', 'RUNNING') AND NOT cancel_requested`, { id })
        .execute();
      if (!res.affected) return 'gone' as const;
      await em.insert(SubmissionEventEntity, {
        submissionId: id,
        status: SubmissionStatus.RUNNING,
        stage: SubmissionStage.SANDBOX,
        message,
      });
      return 'claimed' as const;
    });
    if (result === 'claimed')
      await this.publish({
        submissionId: id,
        kind: 'STATUS',
        status: SubmissionStatus.RUNNING,
        stage: SubmissionStage.SANDBOX,
        message,
      });
    return result;
  }

  /** Back to QUEUED after one of our own failures or a worker stopping; the job will run again. */
  async requeue(id: string, message: string, countFailure: boolean): Promise<void> {
    const changed = await this.db.transaction(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(SubmissionEntity)
        .set({
          status: SubmissionStatus.QUEUED,
          stage: null,
          ...(countFailure && { infraFailures: () => 'infra_failures + 1' }),
        })
        .where(`id = :id AND status IN ('QUEUED', 'RUNNING')`, { id })
        .execute();
      if (!res.affected) return false;
      await em.insert(SubmissionEventEntity, { submissionId: id, status: SubmissionStatus.QUEUED, message });
      return true;
    });
    if (changed)
      await this.publish({ submissionId: id, kind: 'STATUS', status: SubmissionStatus.QUEUED, stage: null, message });
  }

  /**
   * Puts a final state with its reason, if the submission is still in one of `from` (and, for
   * an outcome that counts as an attempt, the candidate has not asked to cancel it).
   */
  async finish(
    id: string,
    outcome: FinalOutcome,
    from: SubmissionStatus[] = [SubmissionStatus.QUEUED, SubmissionStatus.RUNNING],
  ): Promise<boolean> {
    const changed = await this.db.transaction(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(SubmissionEntity)
        .set({
          status: outcome.status,
          stage: null,
          reason: outcome.reason,
          countsAsAttempt: outcome.countsAsAttempt,
          errorKind: outcome.errorKind ?? null,
          errorCode: outcome.errorCode ?? null,
          errorLine: outcome.errorLine ?? null,
          errorColumn: outcome.errorColumn ?? null,
          // PostgreSQL text cannot hold U+0000; the candidate may print one.
          ...(outcome.consoleOutput !== undefined && {
            consoleOutput: outcome.consoleOutput.replaceAll('\u0000', '\ufffd'),
          }),
          ...(outcome.engine !== undefined && { engine: outcome.engine }),
          ...(outcome.paramCount !== undefined && { paramCount: outcome.paramCount }),
          ...(outcome.trainingSeconds !== undefined && { trainingSeconds: outcome.trainingSeconds }),
          ...(outcome.evaluation !== undefined && { evaluation: outcome.evaluation }),
          ...(outcome.reconstruction !== undefined && { reconstruction: outcome.reconstruction }),
          ...(outcome.grade !== undefined && { grade: outcome.grade }),
          ...(outcome.topology !== undefined && { topology: outcome.topology }),
          ...(outcome.runs !== undefined && { runs: outcome.runs }),
          ...(outcome.closeToThreshold !== undefined && { closeToThreshold: outcome.closeToThreshold }),
          finishedAt: () => 'now()',
        })
        // A result that counts never lands on a submission the candidate asked to cancel: the
        // cancel wins, and the worker then records CANCELLED (which does not count).
        .where(`id = :id AND status IN (:...from)${outcome.countsAsAttempt ? ' AND NOT cancel_requested' : ''}`, {
          id,
          from,
        })
        .execute();
      if (!res.affected) return false;
      await em.insert(SubmissionEventEntity, { submissionId: id, status: outcome.status, message: outcome.reason });
      return true;
    });
    if (changed) {
      await this.publish({
        submissionId: id,
        kind: 'STATUS',
        status: outcome.status,
        stage: null,
        message: outcome.reason,
        passed: outcome.grade?.passed ?? null,
        accuracy: gradedAccuracy(outcome.runs, outcome.evaluation),
      });
    }
    return changed;
  }

  async recordEpoch(id: string, stage: SubmissionStage, epoch: EpochMetricView): Promise<void> {
    await this.db.getRepository(EpochMetricEntity).upsert({ submissionId: id, ...epoch }, ['submissionId', 'epoch']);
    await this.publish({ submissionId: id, kind: 'EPOCH', status: SubmissionStatus.RUNNING, stage, epoch });
  }

  /** Clears metrics of an earlier, interrupted try before training again. */
  async clearEpochs(id: string): Promise<void> {
    await this.db.getRepository(EpochMetricEntity).delete({ submissionId: id });
  }

  async progress(id: string, stage: SubmissionStage, fraction: number): Promise<void> {
    await this.publish({
      submissionId: id,
      kind: 'PROGRESS',
      status: SubmissionStatus.RUNNING,
      stage,
      progress: Math.max(0, Math.min(1, fraction)),
    });
  }

  /** Live updates are best effort: the row in Postgres is the truth. */
  private async publish(update: Omit<SubmissionUpdate, 'at'>): Promise<void> {
    try {
      await this.redis.publish(
        submissionChannel(this.config.QUEUE_PREFIX, update.submissionId),
        JSON.stringify({ ...update, at: new Date().toISOString() }),
      );
    } catch (e) {
      this.logger.warn(`could not publish an update for ${update.submissionId}: ${(e as Error).message}`);
    }
  }
}
