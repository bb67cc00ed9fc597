// The current route from the URL hash, and navigation that writes it back.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { formatRoute, parseRoute, type Route } from './route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export function useRoute(): [Route, Navigate] {
  const hash = useSyncExternalStore(subscribe, readHash);
  const route = useMemo(() => parseRoute(hash), [hash]);
  const navigate = useCallback<Navigate>((next, options) => {
    const target = formatRoute(next);
    if (target === window.location.hash) return;
    if (options?.replace) {
      // replaceState fires no hashchange: tell the subscribers ourselves.
      window.history.replaceState(window.history.state, '', target);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      window.location.hash = target;
    }
  }, []);
  return [route, navigate];
}
