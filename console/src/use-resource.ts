import { useCallback, useEffect, useRef, useState } from 'react';

/** What one load settled with, and for which key and reload. */
interface Settled<T> {
  key: string;
  generation: number;
  data: T | null;
  error: unknown;
}

/**
 * What a key reads: the part before its query or reload counter ("…/intents?q=vpn", "…#3").
 * While a new key of the same thing loads, the data read before stays on screen (no flicker while
 * typing a search or after a save); data read for another thing (another assistant, another item)
 * is never shown under the new key, where it could be clicked, edited and saved to the wrong place.
 */
function identityOf(key: string): string {
  return key.split(/[?#]/, 1)[0] ?? key;
}

/** Loads something from the API for a page; `reload` after a change, `setData` for local updates. */
export function useResource<T>(load: (() => Promise<T>) | null, key: string) {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef({ key, generation });
  latest.current = { key, generation };

  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then(
      (value) => {
        if (live) setSettled({ key, generation, data: value, error: null });
      },
      (failure: unknown) => {
        // A failed reload keeps what was shown of the same thing, with the error beside it.
        if (live) setSettled((previous) => ({ key, generation, data: previous && identityOf(previous.key) === identityOf(key) ? previous.data : null, error: failure }));
      },
    );
    return () => {
      live = false;
    };
    // `key` names what `load` reads; the function itself is recreated each render, so it is not a dependency.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback((data: T | null) => setSettled({ ...latest.current, data, error: null }), []);
  const current = settled !== null && settled.key === key && settled.generation === generation;
  const sameThing = settled !== null && identityOf(settled.key) === identityOf(key);
  return {
    data: sameThing ? settled.data : null,
    error: current ? settled.error : null,
    loading: load !== null && !current,
    reload,
    setData,
  };
}
