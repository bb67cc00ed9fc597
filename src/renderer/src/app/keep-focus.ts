import type { MouseEvent } from 'react';

/**
 * For toolbar buttons: a mouse click does not move focus onto the button, so Space (pan) and Enter (accept) keep
 * working on the stage afterwards. Tab still reaches the button and Enter or Space presses it.
 */
export function keepFocus(event: MouseEvent): void {
  event.preventDefault();
}
