import { useEffect, useState, type ComponentType } from 'react';

type Loader<P> = () => Promise<{ default: ComponentType<P> }>;

/** Components already loaded, so a page opened again renders them at once. */
const loaded = new Map<Loader<never>, ComponentType<never>>();

/**
 * A lazily loaded component, for the pages whose load time has a budget (the exercise page).
 * `React.lazy` would suspend, and React 19 holds a resolved Suspense boundary's content back
 * for up to 300 ms to batch reveals: measured on the exercise page, 400 ms of its 950 ms to
 * usable were the main thread idle, waiting on that throttle. This hook renders the component
 * as soon as its chunk has run, and null until then (the caller shows its loading state).
 * A chunk that fails to load gives `failed` (the caller shows an error, not a blank space).
 */
export function useModule<P>(load: Loader<P>): { Component: ComponentType<P> | null; failed: boolean } {
  const cached = loaded.get(load as Loader<never>) as ComponentType<P> | undefined;
  const [Component, setComponent] = useState<ComponentType<P> | null>(() => cached ?? null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (Component) return;
    let live = true;
    load().then(
      (m) => {
        loaded.set(load as Loader<never>, m.default as ComponentType<never>);
        // A function in state must be wrapped, or React would call it as an updater.
        if (live) setComponent(() => m.default);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [Component, load]);
  return { Component, failed };
}
