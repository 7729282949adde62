import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule } from '../auth/auth.module.js';
import { formatGraphQLError } from '../common/graphql-errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CatalogueCacheModule, CatalogueResponseCache } from './catalogue-cache.js';
import { limitsFrom, MAX_DOCUMENT_TOKENS, queryLimitsPlugin } from './query-limits.js';
import { GraphQLWebSocketServer } from './websocket-server.js';

/**
 * GraphQL over HTTP (Apollo) and over WebSocket (graphql-ws, our own server in
 * websocket-server.ts so it gets the same validation, limits, errors and per-operation
 * authorisation as HTTP, and a message size cap).
 */
@Module({
  imports: [
    AuthModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [CatalogueCacheModule],
      inject: [APP_CONFIG, CatalogueResponseCache],
      useFactory: (config: AppConfig, catalogueCache: CatalogueResponseCache) => ({
        autoSchemaFile: true,
        sortSchema: true,
        path: '/graphql',
        // GraphiQL is the web app's own bundle at /graphiql (src/web), never Apollo's CDN page.
        graphiql: false,
        introspection: config.GRAPHQL_INTROSPECTION,
        // With the schema private, "Did you mean …?" would leak it field by field.
        hideSchemaDetailsFromClientErrors: !config.GRAPHQL_INTROSPECTION,
        parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
        includeStacktraceInErrorResponses: false,
        formatError: formatGraphQLError,
        // The limits first (didResolveOperation), then answers from the catalogue cache (responseForOperation).
        plugins: [queryLimitsPlugin(limitsFrom(config)), catalogueCache.plugin()],
        context: (ctx: Record<string, unknown>) => ctx,
      }),
    }),
  ],
  providers: [GraphQLWebSocketServer],
})
export class AppGraphQLModule {}
