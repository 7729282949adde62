import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { IdArg, OptionalIdArg } from '../common/validation.js';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { Authenticated, CurrentUser, type AuthUser } from '../access/access.decorators.js';
import { SubmitSolutionInput } from './dto/submit-solution.input.js';
import { badInput } from '../common/domain-error.js';
import { parseLocale } from '../common/locale.js';
import { submissionChannel } from './grading-queue.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { SUBMISSION_PUBSUB } from './submission-pubsub.js';
import { SubmissionUpdate } from './submission-update.js';
import { ExerciseProgressView, SubmissionView } from './submission.view.js';
import { withSnapshot } from './snapshot-iterator.js';
import { FINAL_STATUSES, SubmissionStatus } from './submission.types.js';
import { SubmissionsService } from './submissions.service.js';

const MAX_PAGE = 100;
const MAX_OFFSET = 100_000;
const MAX_PROGRESS_SLUGS = 500;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@Resolver(() => SubmissionView)
@Authenticated()
export class SubmissionsResolver {
  constructor(
    private readonly submissions: SubmissionsService,
    @Inject(SUBMISSION_PUBSUB) private readonly pubSub: RedisPubSub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Mutation(() => SubmissionView, {
    description: 'Queues code for grading against the newest published version of the exercise.',
  })
  submitSolution(@CurrentUser() user: AuthUser, @Args('input') input: SubmitSolutionInput): Promise<SubmissionView> {
    return this.submissions.submit(user, input);
  }

  @Mutation(() => SubmissionView, {
    description: 'Answers a concept-check quiz; graded at once, with an explanation per question.',
  })
  answerQuiz(
    @CurrentUser() user: AuthUser,
    @Args('exerciseSlug') exerciseSlug: string,
    @Args('answers', { description: 'JSON object: question id → option id, list of option ids, or a short answer.' })
    answers: string,
    @Args('locale', { nullable: true }) locale?: string,
    @OptionalIdArg('assessmentId', {
      description: 'Answer within your open attempt of this assessment (graded against its pinned version).',
    })
    assessmentId?: string,
  ): Promise<SubmissionView> {
    if (answers.length > 20_000) throw badInput('answers', 'answers: must be at most 20000 characters', 20_000);
    return this.submissions.answerQuiz(user, exerciseSlug, answers, parseLocale(locale), assessmentId ?? undefined);
  }

  @Query(() => SubmissionView)
  submission(@CurrentUser() user: AuthUser, @IdArg('id') id: string): Promise<SubmissionView> {
    return this.submissions.view(user, id);
  }

  @Query(() => [SubmissionView], {
    description: `Your submissions, newest first: to one exercise or all of them, optionally only in the given statuses; at most ${MAX_PAGE} per page (limit, offset).`,
  })
  mySubmissions(
    @CurrentUser() user: AuthUser,
    @Args('exerciseSlug', { nullable: true }) exerciseSlug?: string,
    @Args('status', { type: () => [SubmissionStatus], nullable: true }) status?: SubmissionStatus[],
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 20 }) limit = 20,
    @Args('offset', { type: () => Int, nullable: true, defaultValue: 0 }) offset = 0,
  ): Promise<SubmissionView[]> {
    return this.submissions.mine(user, { ...historyFilter(exerciseSlug, status), ...page(limit, offset) });
  }

  @Query(() => Int, { description: 'How many submissions mySubmissions pages through with the same filter.' })
  mySubmissionCount(
    @CurrentUser() user: AuthUser,
    @Args('exerciseSlug', { nullable: true }) exerciseSlug?: string,
    @Args('status', { type: () => [SubmissionStatus], nullable: true }) status?: SubmissionStatus[],
  ): Promise<number> {
    return this.submissions.countMine(user, historyFilter(exerciseSlug, status));
  }

  @Query(() => [ExerciseProgressView], {
    description:
      'Solved / attempted / new for every exercise you submitted to, plus each of exerciseSlugs you did not (NEW): one request for the tracks page.',
  })
  myProgress(
    @CurrentUser() user: AuthUser,
    @Args('exerciseSlugs', { type: () => [String], nullable: true }) exerciseSlugs?: string[],
  ): Promise<ExerciseProgressView[]> {
    if (exerciseSlugs && exerciseSlugs.length > MAX_PROGRESS_SLUGS)
      throw badInput('exerciseSlugs', `exerciseSlugs: at most ${MAX_PROGRESS_SLUGS} slugs`, MAX_PROGRESS_SLUGS);
    exerciseSlugs?.forEach((slug) => checkSlug(slug, 'exerciseSlugs'));
    return this.submissions.progress(user, exerciseSlugs);
  }

  @Mutation(() => SubmissionView, { description: 'Stops a queued or running submission within seconds.' })
  cancelSubmission(@CurrentUser() user: AuthUser, @IdArg('id') id: string): Promise<SubmissionView> {
    return this.submissions.cancel(user, id);
  }

  @Subscription(() => SubmissionUpdate, {
    description:
      'Live progress of one of your submissions: first a SNAPSHOT of its state now, then stage changes, each epoch, progress and the final status, after which the stream ends.',
    resolve: (payload: SubmissionUpdate) => payload,
  })
  async submissionUpdated(@CurrentUser() user: AuthUser, @IdArg('id') id: string) {
    await this.submissions.findVisible(user, id);
    // Listen first, then read the state: an update between the two is sent twice, never lost.
    const live = this.pubSub.asyncIterableIterator(
      submissionChannel(this.config.QUEUE_PREFIX, id),
    ) as AsyncIterator<SubmissionUpdate>;
    try {
      const first = await this.submissions.snapshot(user, id);
      return withSnapshot(first, live, (u) => FINAL_STATUSES.includes(u.status));
    } catch (e) {
      await live.return?.();
      throw e;
    }
  }
}

function checkSlug(slug: string, field: string): void {
  if (slug.length > 64 || !SLUG.test(slug))
    throw badInput(field, `${field}: "${slug.slice(0, 64)}" is not an exercise slug such as cifar10-cnn`);
}

function historyFilter(exerciseSlug: string | undefined, status: SubmissionStatus[] | undefined) {
  if (exerciseSlug !== undefined && exerciseSlug !== null) checkSlug(exerciseSlug, 'exerciseSlug');
  return { exerciseSlug: exerciseSlug ?? undefined, status: status ?? undefined };
}

function page(limit: number, offset: number) {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw badInput('limit', `limit: must be between 1 and ${MAX_PAGE}`, MAX_PAGE);
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
    throw badInput('offset', `offset: must be between 0 and ${MAX_OFFSET}`, MAX_OFFSET);
  return { limit, offset };
}
