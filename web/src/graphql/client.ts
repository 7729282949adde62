import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';

/**
 * Every request carries the session cookie (credentials: 'include') and the CSRF headers the
 * API asks of cookie-authenticated mutations (a cross-site form cannot set custom headers).
 * `token` is the sign-in token kept in memory only (never in storage a script could read later)
 * for as long as the API has no session cookie; with the cookie it is simply undefined.
 */
export const CSRF_HEADERS = { 'apollo-require-preflight': 'true', 'x-dojo-csrf': '1' } as const;

export function createDojoClient(token: string | undefined): Client {
  const url = `${location.origin}/graphql`;
  const headers: Record<string, string> = { ...CSRF_HEADERS };
  if (token) headers.authorization = `Bearer ${token}`;
  const ws = createWsClient({
    url: url.replace(/^http/, 'ws'),
    lazy: true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
  return new Client({
    url,
    fetchOptions: { credentials: 'include', headers },
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange({
        keys: {
          // Tracks and exercises exist once per locale.
          Track: (t) => `${t.slug as string}:${t.locale as string}`,
          Exercise: (e) => `${e.id as string}:${e.locale as string}`,
          TrackExercise: () => null,
          ExerciseTrack: () => null,
          Skill: () => null,
          ModelBudget: () => null,
          ModelTask: () => null,
          VisibleTest: () => null,
          QuizQuestion: () => null,
          QuizOption: () => null,
          EpochMetric: () => null,
          Evaluation: () => null,
          Grade: () => null,
          StatusChange: () => null,
          SubmissionUpdate: () => null,
          AuthPayload: () => null,
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
