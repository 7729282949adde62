import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { UsersService } from '../users/users.service.js';
import type { AuthPayload } from './dto/auth-payload.type.js';
import type { LoginInput } from './dto/login.input.js';
import type { RegisterInput } from './dto/register.input.js';
import { TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  async register(input: RegisterInput): Promise<AuthPayload> {
    const user = await this.users.create(input);
    return { token: this.tokens.issue(user), user };
  }

  async login(input: LoginInput): Promise<AuthPayload> {
    const user = await this.users.verifyPassword(input.email, input.password);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Wrong email or password');
    return { token: this.tokens.issue(user), user };
  }
}
