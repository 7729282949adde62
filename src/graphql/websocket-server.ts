/**
 * GraphQL over WebSocket (graphql-ws protocol) on `/graphql`, held to what HTTP enforces:
 *
 *   - the same validation (standard rules; introspection refused unless GRAPHQL_INTROSPECTION;
 *     no "Did you mean…" then) and the same limits (query-limits.ts: variables, root fields,
 *     aliases, depth, cost);
 *   - the same error formatting (formatGraphQLError: a code, never internals);
 *   - authorisation per operation: each operation gets a fresh context, so the global
 *     AuthGuard verifies the token (expiry included) and reads the account from the database
 *     every time; a role change or an expired token takes effect on an open connection;
 *   - a message size cap (requestBodyLimitBytes, as the HTTP body; over it: close 1009);
 *   - per API process: GRAPHQL_WS_MAX_CONNECTIONS_PER_USER connections per account (anonymous:
 *     per client address; over it: close 4429), and operations in flight or subscribed per
 *     connection and per account (TOO_MANY_SUBSCRIPTIONS).
 *
 * Nest's own graphql-ws integration could not be given a payload limit, so this replaces it.
 */
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLFormattedError,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, type Context, type SubscribePayload } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { sessionToken } from '../auth/session-transport.js';
import { TokenService } from '../auth/token.service.js';
import { formatGraphQLError } from '../common/graphql-errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import { requestBodyLimitBytes, type AppConfig } from '../config/config.js';
import { checkOperation, edgeError, limitsFrom, MAX_DOCUMENT_TOKENS, withoutSuggestions } from './query-limits.js';

const PATH = '/graphql';
const KEEP_ALIVE_MS = 12_000;
/** Close code for "too many connections" (4000–4999 is the application's range). */
export const TOO_MANY_CONNECTIONS = 4429;

interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
  /** Whom the connection counts against: `user:<id>` or `address:<ip>`. */
  owner?: string;
}
type WsContext = Context<Record<string, unknown> | undefined, Extra>;

@Injectable()
export class GraphQLWebSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GraphQLWebSocket');
  private wss?: WebSocketServer;
  private httpServer?: Server;
  private readonly connections = new Map<string, Set<WsContext>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly adapterHost: HttpAdapterHost,
    private readonly tokens: TokenService,
  ) {}

  onApplicationBootstrap(): void {
    const httpServer = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!httpServer) return;
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: requestBodyLimitBytes(this.config),
      handleProtocols: (protocols) => handleProtocols(protocols),
    });
    const server = makeServer<Record<string, unknown> | undefined, Extra>({
      schema: this.schemaHost.schema,
      onConnect: (ctx) => this.admit(ctx),
      onClose: (ctx) => this.release(ctx),
      onSubscribe: (ctx, _id, payload) => this.prepare(ctx, payload),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => this.format(e)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => this.format(e)) } : undefined,
    });
    wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
      // Protocol errors (a message over maxPayload, a bad frame) are the client's; ws closes the socket itself (1009, 1002…).
      socket.on('error', () => undefined);
      const keepAlive = setInterval(() => {
        if (socket.readyState !== socket.OPEN) return;
        const pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
        socket.once('pong', () => clearTimeout(pongWait));
        socket.ping();
      }, KEEP_ALIVE_MS);
      const closed = server.opened(
        {
          protocol: socket.protocol,
          send: (data) =>
            new Promise<void>((resolve, reject) => {
              if (socket.readyState !== socket.OPEN) return resolve();
              socket.send(data, (err) => (err ? reject(err) : resolve()));
            }),
          close: (code, reason) => socket.close(code, reason),
          onMessage: (cb) =>
            socket.on('message', (data: Buffer) => {
              cb(String(data)).catch((err: unknown) => {
                this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
                socket.close(CloseCode.InternalServerError, 'Internal server error');
              });
            }),
        },
        { socket, request },
      );
      socket.once('close', (code, reason) => {
        clearInterval(keepAlive);
        void closed(code, String(reason));
      });
    });
    httpServer.on('upgrade', this.onUpgrade);
    this.wss = wss;
    this.httpServer = httpServer;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    const wss = this.wss;
    if (!wss) return;
    for (const client of wss.clients) client.close(1001, 'Going away');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wss = this.wss;
    if (!wss || new URL(request.url ?? '/', 'http://localhost').pathname !== PATH) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };

  /** Counts the connection against its owner; over the cap it is closed with a reason. */
  private admit(ctx: WsContext): boolean {
    const owner = this.ownerOf(ctx);
    const open = this.connections.get(owner) ?? new Set<WsContext>();
    const max = this.config.GRAPHQL_WS_MAX_CONNECTIONS_PER_USER;
    if (open.size >= max) {
      ctx.extra.socket.close(
        TOO_MANY_CONNECTIONS,
        `Too many connections: at most ${max} connections per account (GRAPHQL_WS_MAX_CONNECTIONS_PER_USER)`,
      );
      return false;
    }
    open.add(ctx);
    this.connections.set(owner, open);
    ctx.extra.owner = owner;
    return true;
  }

  private release(ctx: WsContext): void {
    const owner = ctx.extra.owner;
    if (!owner) return;
    const open = this.connections.get(owner);
    open?.delete(ctx);
    if (open?.size === 0) this.connections.delete(owner);
  }

  /** Only for counting: who the token names (authorisation itself happens per operation, in the AuthGuard). */
  private ownerOf(ctx: WsContext): string {
    // The same token the operations will use: a bearer in connectionParams or the header, else
    // the session cookie of a same-origin page (a browser's connections count against its account).
    const { token } = sessionToken({
      connectionParams: ctx.connectionParams as Record<string, unknown> | undefined,
      extra: { request: ctx.extra.request },
    });
    const claims = this.tokens.verify(token);
    return claims ? `user:${claims.sub}` : `address:${ctx.extra.request.socket.remoteAddress ?? 'unknown'}`;
  }

  /** Parse, validate, check the limits and the caps; the execution arguments, or the errors to send. */
  private prepare(ctx: WsContext, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] {
    const capped = this.subscriptionCap(ctx);
    if (capped) return [capped];
    const schema = this.schemaHost.schema;
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: MAX_DOCUMENT_TOKENS });
    } catch (e) {
      const error = e instanceof GraphQLError ? e : new GraphQLError(String(e));
      return [new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const rules = this.config.GRAPHQL_INTROSPECTION
      ? specifiedRules
      : [...specifiedRules, NoSchemaIntrospectionCustomRule];
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0)
      return invalid.map(
        (e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      );
    const variables = payload.variables;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))
      return [edgeError('BAD_USER_INPUT', 'variables must be an object', { field: 'variables' })];
    const problem = checkOperation(schema, document, payload.operationName, variables, limitsFrom(this.config));
    if (problem) return [problem];
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: variables,
      // A fresh context per operation: nothing the guard resolved for one operation is trusted by the next.
      contextValue: {
        connectionParams: ctx.connectionParams ?? {},
        // The upgrade request: AuthService reads the session cookie, Origin and client address from it.
        extra: { request: ctx.extra.request },
        req: {
          headers: { ...ctx.extra.request.headers },
          ip: ctx.extra.request.socket.remoteAddress,
        },
      },
    };
  }

  private subscriptionCap(ctx: WsContext): GraphQLError | undefined {
    const perConnection = this.config.GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION;
    // graphql-ws has already registered this operation, so it is counted here.
    if (Object.keys(ctx.subscriptions).length > perConnection)
      return edgeError(
        'TOO_MANY_SUBSCRIPTIONS',
        `Too many operations on this connection: at most ${perConnection} at once (GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION)`,
        { limit: perConnection },
      );
    const perUser = this.config.GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_USER;
    const owned = this.connections.get(ctx.extra.owner ?? '') ?? new Set<WsContext>();
    let total = 0;
    for (const c of owned) total += Object.keys(c.subscriptions).length;
    if (total > perUser)
      return edgeError(
        'TOO_MANY_SUBSCRIPTIONS',
        `Too many operations for this account: at most ${perUser} at once over all connections (GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_USER)`,
        { limit: perUser },
      );
    return undefined;
  }

  private format(error: GraphQLError): GraphQLFormattedError {
    const formatted = formatGraphQLError(error.toJSON(), error);
    return this.config.GRAPHQL_INTROSPECTION
      ? formatted
      : { ...formatted, message: withoutSuggestions(formatted.message) };
  }
}
