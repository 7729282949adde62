import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { formatGraphQLError } from '../common/graphql-errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { complexityLimitPlugin, depthLimitRule } from './query-limits.js';

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        autoSchemaFile: true,
        sortSchema: true,
        path: '/graphql',
        // GraphiQL is the web app's own bundle at /graphiql (src/web), never Apollo's CDN page.
        graphiql: false,
        introspection: config.NODE_ENV !== 'production' || config.GRAPHIQL,
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphQLError,
        validationRules: [depthLimitRule(config.GRAPHQL_MAX_DEPTH)],
        plugins: [complexityLimitPlugin(config.GRAPHQL_MAX_COMPLEXITY)],
        subscriptions: { 'graphql-ws': { path: '/graphql' } },
        context: (ctx: Record<string, unknown>) => ctx,
      }),
    }),
  ],
})
export class AppGraphQLModule {}
