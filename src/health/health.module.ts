import { Module } from '@nestjs/common';
import { gradingQueue } from '../submissions/submissions.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [gradingQueue], controllers: [HealthController] })
export class HealthModule {}
