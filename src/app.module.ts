import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DomainErrorFilter } from './common/domain-error.filter.js';
import { AuditModule } from './audit/audit.module.js';
import { MailModule } from './mail/mail.module.js';
import { AuthModule } from './auth/auth.module.js';
import { inputValidationPipe } from './common/validation.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { ExercisesModule } from './exercises/exercises.module.js';
import { AppGraphQLModule } from './graphql/graphql.module.js';
import { HealthModule } from './health/health.module.js';
import { LearningModule } from './learning/learning.module.js';
import { QueueModule } from './queue/queue.module.js';
import { AssessmentAttemptsModule } from './assessments/assessment-attempts.module.js';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { AuthoringModule } from './authoring/authoring.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { PracticeChecksModule } from './practice-checks/practice-checks.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SubmissionsModule } from './submissions/submissions.module.js';
import { TracksModule } from './tracks/tracks.module.js';
import { UsersModule } from './users/users.module.js';

/** The API process: GraphQL over HTTP and WebSocket, health endpoints. */
@Module({
  imports: [
    AppConfigModule,
    DatabaseModule,
    RedisModule,
    AuditModule,
    MailModule,
    AppGraphQLModule,
    HealthModule,
    UsersModule,
    AuthModule,
    TracksModule,
    ExercisesModule,
    QueueModule,
    SubmissionsModule,
    PracticeChecksModule,
    OrganisationsModule,
    AssessmentAttemptsModule,
    AssessmentsModule,
    AuthoringModule,
    DirectoryModule,
    LearningModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: inputValidationPipe },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
  ],
})
export class AppModule {}
