import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';

interface TokenClaims {
  sub: string;
  role: Role;
  email: string;
}

/** Issues and checks the bearer tokens (HS256 JWT). */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.jwt = new JwtService({
      secret: config.JWT_SECRET,
      signOptions: { expiresIn: config.JWT_EXPIRES_IN_SECONDS, issuer: 'tensor-dojo', algorithm: 'HS256' },
      verifyOptions: { issuer: 'tensor-dojo', algorithms: ['HS256'] },
    });
  }

  issue(user: AuthUser): string {
    const claims: TokenClaims = { sub: user.id, role: user.role, email: user.email };
    return this.jwt.sign(claims);
  }

  /** The user a token names, or undefined when it is missing, malformed, forged or expired. */
  verify(token: string | undefined): AuthUser | undefined {
    if (!token) return undefined;
    try {
      const claims = this.jwt.verify<TokenClaims>(token);
      if (typeof claims.sub !== 'string' || !Object.values(Role).includes(claims.role)) return undefined;
      return { id: claims.sub, role: claims.role, email: claims.email };
    } catch {
      return undefined;
    }
  }
}

/** Reads `Bearer <token>` from an Authorization header value. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
