import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentUser, type AuthUser } from '../access/access.decorators.js';
import { IdArg } from '../common/validation.js';
import { AssessmentDraftView, InvitationPreviewView, SaveAssessmentDraftInput } from './assessment-drafts.types.js';
import { AssessmentDraftsService } from './assessment-drafts.service.js';

@Resolver(() => AssessmentDraftView)
export class AssessmentDraftsResolver {
  constructor(private readonly service: AssessmentDraftsService) {}

  @Query(() => InvitationPreviewView, {
    description:
      "An invitation link's assessment before it is opened: title, time limit, number of exercises, when it is open. For whoever holds the link.",
  })
  assessmentInvitation(@Args('token') token: string): Promise<InvitationPreviewView> {
    return this.service.preview(token);
  }

  @Mutation(() => AssessmentDraftView, {
    description:
      "Saves the editor's code for one exercise of your open attempt (as you type; refused after the deadline with EXERCISE_CLOSED). Not a submission.",
  })
  @Authenticated()
  saveAssessmentDraft(
    @CurrentUser() user: AuthUser,
    @Args('input') input: SaveAssessmentDraftInput,
  ): Promise<AssessmentDraftView> {
    return this.service.save(user, input);
  }

  @Query(() => AssessmentDraftView, {
    nullable: true,
    description: 'The code you last saved for this exercise of your attempt; null when none.',
  })
  @Authenticated()
  assessmentDraft(
    @CurrentUser() user: AuthUser,
    @IdArg('assessmentId') assessmentId: string,
    @Args('exerciseSlug') exerciseSlug: string,
  ): Promise<AssessmentDraftView | null> {
    return this.service.read(user, assessmentId, exerciseSlug);
  }
}
