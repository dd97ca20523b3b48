import { useCallback, useLayoutEffect, useRef } from 'react';

// An event handler whose identity never changes but which always runs the latest render's
// version, so memoized children (a list's rows) are not drawn again because a parent
// re-rendered. Only for handlers called from events, never during render.
export function useStableHandler<Args extends readonly unknown[], Result>(handler: (...args: Args) => Result): (...args: Args) => Result {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  return useCallback((...args: Args) => latest.current(...args), []);
}
