// Loads data for a key (an id, a filter…) and forgets it when the key changes, so a screen never shows the
// previous image's data under the new one. `set` replaces the value after a save without a round trip.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  value: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
  set(update: (value: T | undefined) => T): void;
}

interface State<T> {
  key: string | null;
  value: T | undefined;
  error: string | null;
  settled: boolean;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<State<T>>({ key: null, value: undefined, error: null, settled: false });
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    let live = true;
    loadRef.current().then(
      (value) => live && setState({ key, value, error: null, settled: true }),
      (error: unknown) =>
        live &&
        setState((s) => ({
          key,
          value: s.key === key ? s.value : undefined,
          error: errorMessage(error),
          settled: true,
        })),
    );
    return () => {
      live = false;
    };
  }, [key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const set = useCallback(
    (update: (value: T | undefined) => T) =>
      setState((s) => ({ key: s.key, value: update(s.key === key ? s.value : undefined), error: null, settled: true })),
    [key],
  );
  const fresh = state.key === key;
  return {
    value: fresh ? state.value : undefined,
    error: fresh ? state.error : null,
    loading: key !== null && (!fresh || !state.settled),
    reload,
    set,
  };
}
