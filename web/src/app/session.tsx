import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Provider, useQuery } from 'urql';
import { createDojoClient } from '../graphql/client';
import { MeDocument, SignOutDocument, type MeQuery } from '../gql/graphql';

type User = MeQuery['me'];

interface Session {
  user: User | null;
  /** True until the first `me` answer. */
  checking: boolean;
  /** After register/login: the API has set the httpOnly session cookie. */
  signedIn: (user: User) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/**
 * The session lives in the API's httpOnly cookie; the page never sees a token. Signing in or
 * out starts a fresh GraphQL client: an empty cache (nothing of the previous account stays on
 * screen) and a new WebSocket, whose upgrade request carries the new cookie.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [generation, setGeneration] = useState(0);
  const client = useMemo(() => createDojoClient(), [generation]);
  const [justSignedIn, setJustSignedIn] = useState<User | null>(null);
  const signedIn = useCallback((user: User) => {
    setJustSignedIn(user);
    setGeneration((g) => g + 1);
  }, []);
  const signOut = useCallback(async () => {
    await client.mutation(SignOutDocument, {}).toPromise();
    setJustSignedIn(null);
    setGeneration((g) => g + 1);
  }, [client]);
  return (
    <Provider value={client}>
      <MeLoader key={generation} fallbackUser={justSignedIn} signedIn={signedIn} signOut={signOut}>
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
  const [{ data, fetching, error }] = useQuery({ query: MeDocument, requestPolicy: 'network-only' });
  // UNAUTHENTICATED simply means "signed out".
  const user = data?.me ?? (error ? null : props.fallbackUser);
  const value = useMemo(
    () => ({ user, checking: fetching && !user, signedIn: props.signedIn, signOut: props.signOut }),
    [user, fetching, props.signedIn, props.signOut],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}
