import { Module } from '@nestjs/common';
import { gradingQueue } from '../submissions/submissions.module.js';
import { AuthoringResolver } from './authoring.resolver.js';
import { AuthoringService } from './authoring.service.js';

@Module({ imports: [gradingQueue], providers: [AuthoringService, AuthoringResolver] })
export class AuthoringModule {}
