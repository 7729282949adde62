import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  CANDIDATE = 'CANDIDATE',
  MENTOR = 'MENTOR',
  HIRING_MANAGER = 'HIRING_MANAGER',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, { name: 'Role', description: 'What an account may do; CANDIDATE on registration.' });
