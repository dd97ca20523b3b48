import { useCallback, useEffect, useRef, useState } from 'react';

// Runs callback once, delayMs after the first of a burst of triggers, so a sync writing
// thousands of messages does not re-query thousands of times.
export function useCoalesced(callback: () => void, delayMs: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  return useCallback(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, delayMs);
  }, [delayMs]);
}

// A counter to put in an effect's dependencies: bumping it re-runs the query.
export function useRefresh(delayMs = 200): readonly [number, () => void] {
  const [version, setVersion] = useState(0);
  const bump = useCoalesced(() => {
    setVersion((value) => value + 1);
  }, delayMs);
  return [version, bump];
}
