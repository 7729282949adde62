import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';

/**
 * Every request carries the httpOnly session cookie (credentials: 'include') and headers a
 * cross-site page cannot send without a CORS preflight, which the API requires before it
 * honours the cookie (CSRF). The WebSocket's upgrade request carries the cookie too.
 */
export const CSRF_HEADERS = { 'apollo-require-preflight': 'true', 'x-dojo-csrf': '1' } as const;

export function createDojoClient(): Client {
  const url = `${location.origin}/graphql`;
  const ws = createWsClient({ url: url.replace(/^http/, 'ws'), lazy: true });
  return new Client({
    url,
    fetchOptions: { credentials: 'include', headers: { ...CSRF_HEADERS } },
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
          CodingTestResults: () => null,
          VisibleTestResult: () => null,
          HiddenTestCount: () => null,
          StatusChange: () => null,
          SubmissionUpdate: () => null,
          AuthPayload: () => null,
          ExerciseProgress: (p) => p.exerciseSlug as string,
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
