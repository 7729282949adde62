import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { isUuid } from '../common/validation.js';
import { SecretsRepository } from './secrets.repository.js';

/** What a session token says: whose it is and which generation of that account's sessions. */
export interface TokenClaims {
  sub: string;
  /** users.token_version when the token was issued; a bump (sign-out, password or role change) revokes it. */
  ver: number;
}

/**
 * Issues and checks session tokens (HS256 JWT). The key is JWT_SECRET when set, else a random
 * secret generated at first start and kept in the database, so there is never a well-known key
 * and every API process signs with the same one.
 */
@Injectable()
export class TokenService implements OnModuleInit {
  private jwt?: JwtService;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.JWT_SECRET ?? (await this.secrets.getOrCreate('jwt'));
    this.jwt = new JwtService({
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to read it as a
      // public key on every verify and fails (an exception), which was a tenth of the CPU a
      // signed-in request cost (bench:api, me). The same bytes, so tokens already issued stay valid.
      secret: createSecretKey(Buffer.from(secret, 'utf8')),
      signOptions: { expiresIn: this.config.JWT_EXPIRES_IN_SECONDS, issuer: 'tensor-dojo', algorithm: 'HS256' },
      verifyOptions: { issuer: 'tensor-dojo', algorithms: ['HS256'] },
    });
  }

  issue(user: { id: string; tokenVersion: number }): string {
    const claims: TokenClaims = { sub: user.id, ver: user.tokenVersion };
    return this.signer().sign(claims);
  }

  /** The claims of a genuine, unexpired token; undefined when it is missing, malformed, forged or expired. */
  verify(token: string | undefined): TokenClaims | undefined {
    if (!token) return undefined;
    let claims: Partial<TokenClaims>;
    try {
      claims = this.signer().verify<TokenClaims>(token);
    } catch {
      return undefined;
    }
    // A well-signed token still names a uuid and a version, or it is nobody's (never a database error).
    if (!isUuid(claims.sub) || !Number.isSafeInteger(claims.ver)) return undefined;
    return { sub: claims.sub, ver: claims.ver! };
  }

  private signer(): JwtService {
    if (!this.jwt) throw new Error('TokenService used before its module was initialised');
    return this.jwt;
  }
}

/** Reads `Bearer <token>` from an Authorization header value. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}
