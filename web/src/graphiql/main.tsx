import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import 'graphiql/graphiql.css';
import './graphiql.css';

// Same origin, same cookie and CSRF header as the app; subscriptions over graphql-ws.
const url = `${location.origin}/graphql`;
const fetcher = createGraphiQLFetcher({
  url,
  subscriptionUrl: url.replace(/^http/, 'ws'),
  headers: { 'apollo-require-preflight': 'true', 'x-dojo-csrf': '1' },
  fetch: (input, init) => fetch(input, { ...init, credentials: 'include' }),
});

createRoot(document.getElementById('graphiql')!).render(<GraphiQL fetcher={fetcher} />);
