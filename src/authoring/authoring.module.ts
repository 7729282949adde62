import { Module } from '@nestjs/common';
import { SubmissionsCoreModule } from '../submissions/submissions-core.module.js';
import { AuthoringResolver } from './authoring.resolver.js';
import { AuthoringService } from './authoring.service.js';

/** Imports SubmissionsCoreModule for the grading queue (validation jobs run on the worker). */
@Module({ imports: [SubmissionsCoreModule], providers: [AuthoringService, AuthoringResolver] })
export class AuthoringModule {}
