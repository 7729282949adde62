import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Organisation')
export class OrganisationView {
  @Field(() => ID) id: string;
  @Field() name: string;
}
