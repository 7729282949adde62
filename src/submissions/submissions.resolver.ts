import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { IdArg } from '../common/validation.js';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { Authenticated, CurrentUser, type AuthUser } from '../access/access.decorators.js';
import { SubmitSolutionInput } from './dto/submit-solution.input.js';
import { badInput } from '../common/domain-error.js';
import { parseLocale } from '../common/locale.js';
import { submissionChannel } from './grading-queue.js';
import { SUBMISSION_PUBSUB } from './submission-pubsub.js';
import { SubmissionUpdate } from './submission-update.js';
import { SubmissionView } from './submission.view.js';
import { SubmissionsService } from './submissions.service.js';

@Resolver(() => SubmissionView)
@Authenticated()
export class SubmissionsResolver {
  constructor(
    private readonly submissions: SubmissionsService,
    @Inject(SUBMISSION_PUBSUB) private readonly pubSub: RedisPubSub,
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
  ): Promise<SubmissionView> {
    if (answers.length > 20_000) throw badInput('answers', 'answers: must be at most 20000 characters', 20_000);
    return this.submissions.answerQuiz(user, exerciseSlug, answers, parseLocale(locale));
  }

  @Query(() => SubmissionView)
  submission(@CurrentUser() user: AuthUser, @IdArg('id') id: string): Promise<SubmissionView> {
    return this.submissions.view(user, id);
  }

  @Query(() => [SubmissionView], { description: 'Your submissions to one exercise, newest first.' })
  mySubmissions(
    @CurrentUser() user: AuthUser,
    @Args('exerciseSlug') exerciseSlug: string,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 20 }) limit: number,
  ): Promise<SubmissionView[]> {
    return this.submissions.mine(user, exerciseSlug, Math.max(1, Math.min(limit, 100)));
  }

  @Mutation(() => SubmissionView, { description: 'Stops a queued or running submission within seconds.' })
  cancelSubmission(@CurrentUser() user: AuthUser, @IdArg('id') id: string): Promise<SubmissionView> {
    return this.submissions.cancel(user, id);
  }

  @Subscription(() => SubmissionUpdate, {
    description: 'Live progress of one of your submissions: stage changes, each epoch, the final grade.',
    resolve: (payload: SubmissionUpdate) => payload,
  })
  async submissionUpdated(@CurrentUser() user: AuthUser, @IdArg('id') id: string) {
    await this.submissions.findVisible(user, id);
    return this.pubSub.asyncIterableIterator(submissionChannel(id));
  }
}
