import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditEvent')
export class AuditEventView {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) actorId: string | null;
  @Field(() => String, { nullable: true }) actorEmail: string | null;
  @Field() action: string;
  @Field() subjectType: string;
  @Field() subjectId: string;
  @Field() details: string;
  @Field() createdAt: Date;
}
