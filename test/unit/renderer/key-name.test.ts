import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyName } from '../../../src/renderer/src/app/key-name';

const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
  keyName({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('keyName', () => {
  it('names keys the way the shortcut sheet writes them', () => {
    assert.equal(press('a'), 'a');
    assert.equal(press('A', { shiftKey: true }), 'shift+a');
    assert.equal(press('Z', { ctrlKey: true, shiftKey: true }), 'mod+shift+z');
    assert.equal(press('z', { metaKey: true }), 'mod+z');
    assert.equal(press('?', { shiftKey: true }), '?');
    assert.equal(press('Enter'), 'enter');
    assert.equal(press(' '), 'space');
    assert.equal(press('ArrowRight', { shiftKey: true }), 'shift+arrowright');
    assert.equal(press('['), '[');
  });
});
