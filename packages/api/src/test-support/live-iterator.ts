/**
 * `next()` of a live subscription that fails after `ms` of silence, so a test waiting for an event that never comes
 * fails quickly and says why.
 */
export function nextWithin<T>(iterator: AsyncIterator<T>, ms = 5000): () => Promise<IteratorResult<T>> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`no live message within ${ms / 1000} s`)), ms);
    });
    try {
      return await Promise.race([iterator.next(), silence]);
    } finally {
      clearTimeout(timer);
    }
  };
}
