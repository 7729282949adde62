import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Provider, useQuery } from 'urql';
import { createDojoClient } from '../graphql/client';
import { MeDocument, type MeQuery } from '../gql/graphql';

type User = MeQuery['me'];

interface Session {
  user: User | null;
  /** True until the first `me` answer. */
  checking: boolean;
  signedIn: (token: string, user: User) => void;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Owns the GraphQL client; a new sign-in or sign-out gets a fresh client (and WebSocket). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const client = useMemo(() => createDojoClient(token), [token, generation]);
  const [signedInUser, setSignedInUser] = useState<User | null>(null);
  const signedIn = useCallback((t: string, user: User) => {
    setToken(t);
    setSignedInUser(user);
    setGeneration((g) => g + 1);
  }, []);
  const signOut = useCallback(() => {
    setToken(undefined);
    setSignedInUser(null);
    setGeneration((g) => g + 1);
  }, []);
  return (
    <Provider value={client}>
      <MeLoader key={generation} fallbackUser={signedInUser} signedIn={signedIn} signOut={signOut}>
        {children}
      </MeLoader>
    </Provider>
  );
}

function MeLoader(props: {
  children: ReactNode;
  fallbackUser: User | null;
  signedIn: Session['signedIn'];
  signOut: Session['signOut'];
}) {
  const [{ data, fetching }] = useQuery({ query: MeDocument, requestPolicy: 'network-only' });
  const user = data?.me ?? props.fallbackUser;
  const value = useMemo(
    () => ({ user, checking: fetching && !user, signedIn: props.signedIn, signOut: props.signOut }),
    [user, fetching, props.signedIn, props.signOut],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}
