/**
 * A graphql-ws connection for e2e tests: `run()` sends one operation and resolves with what a
 * client sees (the first result, the error payload, or the close event), never rejecting.
 *
 *   const ws = await openWs(api.url, token);
 *   const res = await ws.run('{ me { id } }');   // { data } | { errors } | { closed: { code, reason } }
 *   await ws.close();
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

interface CloseEvent {
  code: number;
  reason: unknown;
}

export interface WsResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
  closed?: { code: number; reason: string };
}

export interface WsConnection {
  client: Client;
  run: (query: string, variables?: Record<string, unknown>) => Promise<WsResult>;
  /** Resolves when the connection closes (the server's close code and reason). */
  closed: Promise<{ code: number; reason: string }>;
  close: () => Promise<void>;
}

/**
 * Opens a connection (token in connectionParams.authorization, or `cookie` sent on the upgrade
 * request as a browser does) and waits for the server's acknowledgement or refusal.
 */
export async function openWs(
  httpUrl: string,
  token?: string,
  options: { cookie?: string } = {},
): Promise<WsConnection> {
  let onClosed!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: options.cookie ? withHeaders({ cookie: options.cookie }) : WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // Closes are reported through `closed` and run(); the client's default logs them to the console.
    onNonLazyError: () => undefined,
    on: { closed: (e) => onClosed({ code: (e as CloseEvent).code, reason: String((e as CloseEvent).reason) }) },
  });
  await new Promise<void>((resolve) => {
    const offConnected = client.on('connected', () => resolve());
    const offClosed = client.on('closed', () => resolve());
    void closed.then(() => {
      offConnected();
      offClosed();
    });
  });
  const run = (query: string, variables?: Record<string, unknown>) =>
    new Promise<WsResult>((resolve) => {
      let settled = false;
      const done = (r: WsResult) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      client.subscribe(
        { query, variables },
        {
          next: (value) => done(value as WsResult),
          error: (e) => {
            if (Array.isArray(e)) done({ errors: e as WsResult['errors'] });
            else if (e && typeof e === 'object' && 'code' in e)
              done({ closed: { code: (e as CloseEvent).code, reason: String((e as CloseEvent).reason) } });
            else done({ closed: { code: 0, reason: String(e) } });
          },
          complete: () => done({}),
        },
      );
    });
  return { client, run, closed, close: () => client.dispose() as Promise<void> };
}

/** A WebSocket class whose upgrade requests carry `headers` (what a browser adds on its own). */
function withHeaders(headers: Record<string, string>): unknown {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}
