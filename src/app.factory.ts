import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';
import { serveWebApp } from './web/web-app.js';

/** Creates the API application (used by main.ts and the e2e tests). */
export async function createApiApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, {
    logger: config.NODE_ENV === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
  });
  serveWebApp(app, config);
  return app;
}

export const apiLogger = new Logger('api');
