/**
 * Who may call a resolver's operation, read from the same metadata, with the same precedence
 * (handler over class), as the auth guard (src/auth/auth.guard.ts): the roles it requires,
 * 'signed in' for @Authenticated(), or 'anyone'. Unit specs of resolvers assert it per operation.
 */
import { Reflector } from '@nestjs/core';
import { AUTHENTICATED_KEY, ROLES_KEY } from '../../../src/access/access.decorators.js';
import type { Role } from '../../../src/access/role.enum.js';

const reflector = new Reflector();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function whoMay<C extends abstract new (...args: any[]) => object>(
  resolver: C,
  operation: keyof InstanceType<C> & string,
): Role[] | 'signed in' | 'anyone' {
  const handler = (resolver.prototype as Record<string, unknown>)[operation];
  if (typeof handler !== 'function') throw new Error(`${resolver.name} has no operation ${operation}`);
  const targets = [handler, resolver];
  const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
  if (roles !== undefined) return roles;
  return reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets) === true ? 'signed in' : 'anyone';
}
