/**
 * A subscription that starts with the current state: `first` is sent at once, then the live
 * updates of `live`; the stream ends after a final status (the first one when the submission
 * had already finished, so a subscription opened late is answered and closed, not left open).
 *
 *   return withSnapshot(await snapshot(), pubSub.asyncIterableIterator(channel), isFinal);
 *
 * Written by hand rather than as an async generator: a generator suspended in `await
 * live.next()` would queue the client's `return()` until the next Redis message arrived,
 * keeping the Redis subscription of a closed socket alive. Here `return()` reaches `live` at once.
 */
export function withSnapshot<T>(
  first: T,
  live: AsyncIterator<T>,
  isFinal: (update: T) => boolean,
): AsyncIterableIterator<T> {
  let sentFirst = false;
  let done = false;
  const finish = async (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      await live.return?.();
    }
    return { value: undefined as never, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (done) return { value: undefined as never, done: true };
      if (!sentFirst) {
        sentFirst = true;
        // Already final: send it, close the live side, and end on the following next().
        if (isFinal(first)) {
          done = true;
          void live.return?.();
        }
        return { value: first, done: false };
      }
      const result = await live.next();
      if (result.done || done) return finish();
      if (isFinal(result.value)) {
        done = true;
        void live.return?.();
      }
      return result;
    },
    return: finish,
    async throw(error?: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
