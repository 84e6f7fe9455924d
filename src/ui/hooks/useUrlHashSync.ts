// The URL hash follows the shareable view, and a pasted link is applied (state/hashSync.ts).
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';
import { syncUrlHash } from '../../state/hashSync';

export function useUrlHashSync(): void {
  useEffect(() => syncUrlHash(useAppStore, window), []);
}
