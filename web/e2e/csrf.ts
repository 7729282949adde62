/** The headers the API wants before it honours the session cookie (see web/src/graphql/client.ts). */
export const CSRF = { 'apollo-require-preflight': 'true', 'x-dojo-csrf': '1' } as const;
