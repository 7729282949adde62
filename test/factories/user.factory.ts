import { randomBytes } from 'node:crypto';

let n = 0;
/** Input for a new account with a unique email. */
export function userInput(overrides: Partial<{ email: string; password: string; displayName: string }> = {}) {
  n += 1;
  return {
    email: `candidate${n}-${randomBytes(3).toString('hex')}@example.com`,
    password: 'correct horse battery staple',
    displayName: `Candidate ${n}`,
    ...overrides,
  };
}

export const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { token user { id email role displayName } } }`;
export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { token user { id email role } } }`;
