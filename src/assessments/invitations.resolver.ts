import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles, type AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { IdArg } from '../common/validation.js';
import { CandidateRowView } from './assessment.types.js';
import { ExtendInvitationInput } from './dto/extend-invitation.input.js';
import { InvitationsService } from './invitations.service.js';

@Resolver(() => CandidateRowView)
export class InvitationsResolver {
  constructor(private readonly service: InvitationsService) {}

  @Mutation(() => CandidateRowView, {
    description:
      'Revokes an invitation: its link stops working and an attempt under way ends now (audited). Inviting the address again before it was opened sends a new link.',
  })
  @Roles(Role.HIRING_MANAGER)
  revokeInvitation(
    @CurrentUser() user: AuthUser,
    @IdArg('invitationId') invitationId: string,
  ): Promise<CandidateRowView> {
    return this.service.revoke(user, invitationId);
  }

  @Mutation(() => CandidateRowView, {
    description: "Gives one candidate more time: the attempt's deadline moves `minutes` later (audited).",
  })
  @Roles(Role.HIRING_MANAGER)
  extendInvitation(
    @CurrentUser() user: AuthUser,
    @Args('input') input: ExtendInvitationInput,
  ): Promise<CandidateRowView> {
    return this.service.extend(user, input);
  }
}
