import { useCallback, useSyncExternalStore } from 'react';
import { hrefFor, slugFromHash } from './route.js';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = (): string => window.location.hash;

/** The current module slug and a function to go to another one. */
export function useHashRoute(): { slug: string; navigate: (slug: string) => void } {
  const hash = useSyncExternalStore(subscribe, readHash, () => '');
  const navigate = useCallback((slug: string) => {
    window.location.hash = hrefFor(slug);
  }, []);
  return { slug: slugFromHash(hash), navigate };
}
