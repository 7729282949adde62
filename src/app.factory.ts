import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { trustProxy } from './config/trust-proxy.js';
import { useGraphQLBody } from './graphql/http-body.js';

/** Creates the API application (used by main.ts and the e2e tests). */
export async function createApiApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: config.NODE_ENV === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
    bodyParser: false,
  });
  // req.ip believes X-Forwarded-For only as far as TRUST_PROXY says (the rate limits use the same rule).
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  useGraphQLBody(app, config);
  return app;
}

export const apiLogger = new Logger('api');
