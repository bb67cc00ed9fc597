// One spelling for a key press, so bindings read like the shortcut sheet: 'mod+shift+z', 'enter', '?', 'a'.

export function keyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  let key = event.key === ' ' ? 'space' : event.key.toLowerCase();
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('mod');
  if (event.altKey) parts.push('alt');
  // Shift is part of a printed symbol ('?' is shift+/ on most layouts), so it is named only for letters and
  // named keys, where it changes the meaning.
  const printedSymbol = key.length === 1 && !/[a-z]/.test(key);
  if (event.shiftKey && !printedSymbol) parts.push('shift');
  if (key === 'esc') key = 'escape';
  parts.push(key);
  return parts.join('+');
}

/** Typing in a field keeps its keys; only Escape leaves it. Buttons keep Enter and Space for themselves. */
export function keyBelongsToTarget(target: EventTarget | null, name: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) {
    const input = target as HTMLInputElement;
    const typesText = tag !== 'INPUT' || !['checkbox', 'radio', 'range', 'button', 'submit'].includes(input.type);
    if (typesText) return name !== 'escape';
    return name === 'space' || name === 'enter' || (input.type === 'range' && name.startsWith('arrow'));
  }
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return name === 'enter' || name === 'space';
  return false;
}
