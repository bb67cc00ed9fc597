// Page-wide keyboard shortcuts. Bindings are read from a ref, so a screen can pass a fresh object on every render
// without re-registering the listener.
import { useEffect, useRef } from 'react';
import { keyBelongsToTarget, keyName } from './key-name';

export type Bindings = Record<string, (event: KeyboardEvent) => void>;

export function useHotkeys(bindings: Bindings, enabled = true): void {
  const ref = useRef(bindings);
  useEffect(() => {
    ref.current = bindings;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const name = keyName(event);
      if (keyBelongsToTarget(event.target, name)) return;
      const target = event.target as HTMLElement | null;
      // A modal dialog owns the keyboard (Escape closes it natively); the page behind must not react.
      if (target?.closest?.('dialog[open]')) return;
      // Escape leaves a field, so the shortcuts work again without reaching for the mouse.
      if (name === 'escape' && target?.matches?.('input, textarea, select')) target.blur();
      const run = ref.current[name];
      if (!run) return;
      event.preventDefault();
      run(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
