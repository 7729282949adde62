import { useQuery } from 'urql';
import { useSession } from '../app/session';
import { MyProgressDocument, type ProgressState } from '../gql/graphql';

export type ExerciseProgress = 'solved' | 'attempted' | 'new';

const STATE: Record<ProgressState, ExerciseProgress> = { SOLVED: 'solved', ATTEMPTED: 'attempted', NEW: 'new' };

/** The signed-in candidate's progress per exercise (one `myProgress` request); unknown when signed out. */
export function useProgress(): { known: boolean; of: (slug: string) => ExerciseProgress } {
  const { user } = useSession();
  const [{ data }] = useQuery({ query: MyProgressDocument, pause: !user, requestPolicy: 'cache-and-network' });
  const bySlug = new Map((data?.myProgress ?? []).map((p) => [p.exerciseSlug, STATE[p.state]]));
  return { known: !!user && !!data, of: (slug) => bySlug.get(slug) ?? 'new' };
}
