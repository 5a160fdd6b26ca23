import { useCallback, useEffect, useState } from 'react';

/** Loads something from the API for a page; `reload` after a change, `setData` for local updates. */
export function useResource<T>(load: (() => Promise<T>) | null, key: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(load !== null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!load) return;
    let live = true;
    setLoading(true);
    setError(null);
    load()
      .then((value) => {
        if (live) setData(value);
      })
      .catch((failure: unknown) => {
        if (live) setError(failure);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
    // `key` names what `load` reads; the function itself is recreated each render, so it is not a dependency.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload, setData };
}
