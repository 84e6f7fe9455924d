// Keeps the URL hash and the shareable view in step: every store change rewrites the hash (once
// a model is in: until then the hash still holds what the link asked for), and a link pasted
// into the tab (a hashchange we did not write) is applied like a fresh load would.
import type { StoreApi } from 'zustand';
import { shareableView, type AppState, type AppStore } from './store';
import { parseViewHash, serializeView } from './urlHash';

/** The parts of `window` the sync uses; tests pass a fake. */
export interface HashPage {
  readonly location: { readonly hash: string };
  readonly history: { replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

/** Starts syncing; returns the function that stops it. */
export function syncUrlHash(store: StoreApi<AppStore>, page: HashPage): () => void {
  let lastHash = '';
  const write = (s: AppState): void => {
    if (!s.model) return;
    const hash = serializeView(shareableView(s));
    if (hash === lastHash) return;
    lastHash = hash;
    page.history.replaceState(null, '', hash);
  };
  const onHashChange = (): void => {
    if (page.location.hash !== lastHash) store.getState().applyHash(parseViewHash(page.location.hash));
  };
  const unsubscribe = store.subscribe(write);
  page.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    page.removeEventListener('hashchange', onHashChange);
  };
}
