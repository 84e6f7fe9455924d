// App-wide keys: [ and ] step the layer; Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo M.
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && !['range', 'checkbox', 'button', 'file'].includes((target as HTMLInputElement).type));
}

export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (typingInto(event.target)) return;
      const state = useAppStore.getState();
      const command = event.ctrlKey || event.metaKey;
      if (command && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
      } else if (command && event.key.toLowerCase() === 'y') {
        event.preventDefault();
        state.redo();
      } else if (!command && event.key === '[') {
        state.stepLayer(-1);
      } else if (!command && event.key === ']') {
        state.stepLayer(1);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
