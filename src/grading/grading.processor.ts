import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DelayedError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Repository } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { loadConfig, type AppConfig } from '../config/config.js';
import { codingTests } from '../coding/stored-tests.js';
import type { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import type { CodingTest } from '../coding/tests-file.js';
import { createRedis } from '../redis/redis.js';
import { closeDefaultSandboxPool } from '../sandbox/sandbox.js';
import { cancelChannel, GRADING_QUEUE, type GradingJobData } from '../submissions/grading-queue.js';
import { SubmissionLifecycle } from '../submissions/submission-lifecycle.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { ErrorKind, FINAL_STATUSES, SubmissionStage, SubmissionStatus } from '../submissions/submission.types.js';
import { gradeModelSubmission } from './model-grading.js';
import { runCodingSubmission } from '../coding/run-coding-exercise.js';
import { gradeUnitTests } from '../graders/unit-tests.js';
import { candidateConsole, testReport } from '../coding/test-report.js';
import { ValidationRunner } from './validation-runner.js';
import { isFinalAttempt, tryOf } from '../queue/final-attempt.js';
import { runningSubmissions } from '../queue/worker-heartbeat.js';

const lockSeconds = loadConfig().JOB_LOCK_SECONDS;

type StopCause = 'cancel' | 'shutdown';

/**
 * Pipeline for one submission: sandbox → validate → train → evaluate → grade → store.
 * The candidate's errors end the submission (and count as an attempt); ours are retried
 * by BullMQ (attempts = 1 + INFRA_RETRIES) and never count.
 */
@Processor(GRADING_QUEUE, {
  lockDuration: lockSeconds * 1000,
  stalledInterval: Math.max(1000, Math.round((lockSeconds * 1000) / 2)),
  maxStalledCount: 3,
})
export class GradingProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('grading');
  private readonly running = new Map<string, AbortController>();
  private cancelSubscriber?: Redis;
  private shuttingDown = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(SubmissionEntity) private readonly submissions: Repository<SubmissionEntity>,
    private readonly exercises: ExercisesService,
    private readonly lifecycle: SubmissionLifecycle,
    private readonly validations: ValidationRunner,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    this.cancelSubscriber = createRedis(this.config.REDIS_URL);
    this.cancelSubscriber.on('message', (_channel: string, id: string) =>
      this.running.get(id)?.abort('cancel' satisfies StopCause),
    );
    await this.cancelSubscriber.subscribe(cancelChannel(this.config.QUEUE_PREFIX));
  }

  /** SIGTERM: stop training, hand the jobs back to the queue, then let BullMQ close. */
  async onModuleDestroy(): Promise<void> {
    this.shuttingDown = true;
    for (const controller of this.running.values()) controller.abort('shutdown' satisfies StopCause);
    this.cancelSubscriber?.disconnect();
    await closeDefaultSandboxPool();
  }

  async process(job: Job<GradingJobData>, token?: string): Promise<string> {
    if (job.data.validationId) return this.validations.run(job.data.validationId, job, this.config.TRAINING_SEED);
    const id = job.data.submissionId!;
    const submission = await this.submissions.findOneBy({ id });
    if (!submission) return 'no such submission';
    if (FINAL_STATUSES.includes(submission.status)) return `already ${submission.status}`;
    if (submission.cancelRequested) {
      await this.lifecycle.finish(id, {
        status: SubmissionStatus.CANCELLED,
        reason: 'Cancelled before grading started',
        countsAsAttempt: false,
      });
      return 'cancelled';
    }
    const resumed = submission.status === SubmissionStatus.RUNNING;
    // Listen for a cancel before claiming: the API sets the flag, then publishes, so a cancel
    // is either refused by the claim's guard or heard here; it cannot fall in between.
    const controller = new AbortController();
    this.running.set(id, controller);
    runningSubmissions.add(id);
    let claim: 'claimed' | 'busy' | 'gone';
    try {
      claim = await this.lifecycle.claim(
        id,
        submission.userId,
        this.config.MAX_RUNNING_PER_CANDIDATE,
        resumed ? 'Taken over by another worker after the first one stopped' : 'A worker started grading',
      );
    } catch (e) {
      this.running.delete(id);
      runningSubmissions.delete(id);
      throw e;
    }
    if (claim !== 'claimed') {
      this.running.delete(id);
      runningSubmissions.delete(id);
    }
    if (claim === 'gone') {
      // Cancelled while the job was being picked up (the API could not remove a locked job).
      if (await this.isCancelRequested(id)) {
        await this.lifecycle.finish(id, {
          status: SubmissionStatus.CANCELLED,
          reason: 'Cancelled before grading started',
          countsAsAttempt: false,
        });
        return 'cancelled';
      }
      return 'no longer waiting';
    }
    if (claim === 'busy') {
      // Another of this candidate's submissions is running: wait without using up an attempt.
      await job.moveToDelayed(Date.now() + 2000, token);
      throw new DelayedError();
    }

    try {
      await this.grade(submission, controller.signal);
      return 'graded';
    } catch (e) {
      if (e instanceof FinishedElsewhere) return `already ${e.status}`;
      const cause = controller.signal.reason as StopCause | undefined;
      if (cause === 'cancel' || (await this.isCancelRequested(id))) {
        await this.lifecycle.finish(id, {
          status: SubmissionStatus.CANCELLED,
          reason: 'Cancelled while grading',
          countsAsAttempt: false,
        });
        return 'cancelled';
      }
      if (cause === 'shutdown' || this.shuttingDown) {
        await this.lifecycle.requeue(id, 'The worker is stopping; the submission went back to the queue', false);
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (e instanceof DelayedError) throw e;
      return this.onInfrastructureFailure(job, e as Error);
    } finally {
      this.running.delete(id);
      runningSubmissions.delete(id);
    }
  }

  private async grade(submission: SubmissionEntity, signal: AbortSignal): Promise<void> {
    const version = await this.exercises.versionById(submission.exerciseVersionId);
    const tests = codingTests(version);
    if (tests) return this.gradeCoding(submission, version, tests, signal);
    // MODEL: training, grading and the close-to-threshold second run (model-grading.ts).
    return gradeModelSubmission(
      { lifecycle: this.lifecycle, seed: this.config.TRAINING_SEED, stayRunning: (...a) => this.stayRunning(...a) },
      submission,
      version,
      signal,
    );
  }

  /** CODING: the candidate's function runs in the sandbox on the exercise's inputs; outputs are compared here. */
  private async gradeCoding(
    submission: SubmissionEntity,
    version: ExerciseVersionEntity,
    tests: CodingTest[],
    signal: AbortSignal,
  ): Promise<void> {
    const id = submission.id;
    await this.stayRunning(
      id,
      signal,
      await this.lifecycle.enterStage(id, SubmissionStage.VALIDATE, `Running ${tests.length} tests in the sandbox`),
    );
    // A cancel kills the sandbox child running the code: the candidate does not wait out its time limits.
    const python = submission.language === 'PYTHON';
    const run = await runCodingSubmission({
      language: submission.language as 'TYPESCRIPT' | 'JAVASCRIPT' | 'PYTHON',
      code: submission.code,
      // PYTHON was accepted only for a version with a Python entry (ExercisesService.requirePython).
      entry: python ? (version.pythonEntry ?? 'solution') : (version.entry ?? 'default'),
      tests,
      signal,
    });
    signal.throwIfAborted();
    if (run.retryable) throw new Error(`sandbox: ${run.error?.message ?? 'crashed'}`);
    await this.stayRunning(id, signal, await this.lifecycle.enterStage(id, SubmissionStage.GRADE, 'Grading'));
    const grade = gradeUnitTests({ run, tests, threshold: version.threshold ?? 1 });
    // Code that could not be run at all (COMPILE_ERROR, BAD_RETURN…) is the candidate's error, with its code, as for models.
    const graded = await this.lifecycle.finish(id, {
      status: run.error ? SubmissionStatus.ERROR : grade.passed ? SubmissionStatus.PASSED : SubmissionStatus.FAILED,
      reason: run.error ? run.error.message : grade.summary,
      ...(run.error
        ? {
            errorKind: ErrorKind.CANDIDATE,
            errorCode: run.error.code,
            ...(run.error.line !== undefined ? { errorLine: run.error.line, errorColumn: run.error.column } : {}),
          }
        : {}),
      // Without what hidden tests printed: code printing its arguments would show their inputs.
      consoleOutput: candidateConsole(tests, run),
      countsAsAttempt: true,
      grade: {
        grader: 'unit-tests',
        passed: grade.passed,
        score: grade.score,
        summary: grade.summary,
        feedback: grade.feedback,
        localized: grade.localized,
        threshold: version.threshold,
        // Per test for the result page; nothing was judged when the code could not run at all.
        ...(run.error ? {} : { tests: testReport(tests, run) }),
      },
    });
    await this.stayRunning(id, signal, graded);
  }

  /** Our failure: back to the queue for another try, or a final ERROR that does not count against the candidate. */
  private async onInfrastructureFailure(job: Job<GradingJobData>, error: Error): Promise<string> {
    const id = job.data.submissionId!;
    const { tryNumber, attempts } = tryOf(job);
    this.logger.error(`submission ${id}, try ${tryNumber} of ${attempts}: ${error.stack ?? error.message}`);
    if (!isFinalAttempt(job, 'running')) {
      await this.lifecycle.requeue(
        id,
        `Our grading infrastructure failed (try ${tryNumber} of ${attempts}); trying again. This does not count as an attempt.`,
        true,
      );
      throw error;
    }
    await this.lifecycle.finish(id, {
      status: SubmissionStatus.ERROR,
      reason: `We could not grade this submission after ${attempts} tries because of a problem on our side; it does not count as an attempt. Please submit again later.`,
      errorKind: ErrorKind.INFRASTRUCTURE,
      errorCode: 'INFRASTRUCTURE',
      countsAsAttempt: false,
    });
    return 'gave up';
  }

  /** A job that failed without reaching process() (e.g. stalled too often after workers died) still gets a final state. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<GradingJobData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    // An event listener's rejection would be unhandled (and end the process): log it instead;
    // the sweeper closes a submission whose job failed without a final state.
    try {
      if (job.data.validationId) return await this.validations.onJobFailed(job.data.validationId, job, error);
      if (!isFinalAttempt(job, 'failed', error)) return;
      await this.lifecycle.finish(job.data.submissionId!, {
        status: SubmissionStatus.ERROR,
        reason: `Grading stopped because of a problem on our side (${error.message}); it does not count as an attempt. Please submit again.`,
        errorKind: ErrorKind.INFRASTRUCTURE,
        errorCode: 'INFRASTRUCTURE',
        countsAsAttempt: false,
      });
    } catch (e) {
      this.logger.warn(`could not record the failure of job ${job.id}: ${(e as Error).message}`);
    }
  }

  /**
   * A stage change that did not apply means the submission is no longer ours to grade: the
   * candidate cancelled it (the guard refuses a cancel-requested row) or it was closed.
   */
  private async stayRunning(id: string, signal: AbortSignal, entered: boolean): Promise<void> {
    if (entered) return;
    signal.throwIfAborted();
    const row = await this.submissions.findOne({
      where: { id },
      select: { id: true, status: true, cancelRequested: true },
    });
    if (row?.cancelRequested) throw new CancelledWhileGrading();
    // Finished elsewhere (e.g. another worker took the job over while this one was cut off
    // from Redis): its result stands, this one is dropped.
    if (!row || FINAL_STATUSES.includes(row.status)) throw new FinishedElsewhere(row?.status ?? 'gone');
    throw new Error('the submission left the RUNNING state while grading');
  }

  private async isCancelRequested(id: string): Promise<boolean> {
    const row = await this.submissions.findOne({ where: { id }, select: { id: true, cancelRequested: true } });
    return row?.cancelRequested ?? false;
  }
}

/** Thrown when a guarded write finds the submission already final: nothing to retry, nothing to write. */
class FinishedElsewhere extends Error {
  constructor(readonly status: string) {
    super(`the submission is already ${status}`);
  }
}

/** Thrown when a guarded write finds the submission cancelled before the cancel message arrived. */
class CancelledWhileGrading extends Error {
  constructor() {
    super('the candidate cancelled the submission');
  }
}
