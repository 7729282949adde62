import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadConfig, validateConfig, type AppConfig } from './config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * @nestjs/config loads an optional .env file and validates the environment at boot (the
 * process stops with a message naming each bad variable); the rest of the code reads the
 * one typed object under APP_CONFIG.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateConfig })],
  providers: [{ provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
