import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takePageToken, type PageEnvironment } from '../../../src/renderer/src/api/page-token';

function page(href: string) {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  const env: PageEnvironment = {
    location: { href },
    history: { state: { route: 1 }, replaceState: (_state, _unused, url) => replaced.push(url) },
    sessionStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
  };
  return { env, store, replaced };
}

describe('takePageToken', () => {
  it('takes the token from the URL, keeps it, and removes it from the address bar', () => {
    const { env, replaced } = page('http://127.0.0.1:4000/datasets?x=1&token=abc123&y=2#/images');
    assert.equal(takePageToken(env), 'abc123');
    assert.deepEqual(replaced, ['/datasets?x=1&y=2#/images']);
    // After a reload the URL has no token any more; the stored one is used.
    env.location.href = 'http://127.0.0.1:4000/datasets?x=1&y=2';
    assert.equal(takePageToken(env), 'abc123');
    assert.equal(replaced.length, 1);
  });

  it('leaves an empty query string out', () => {
    const { env, replaced } = page('http://127.0.0.1:4000/?token=t');
    takePageToken(env);
    assert.deepEqual(replaced, ['/']);
  });

  it('returns null when there is no token anywhere', () => {
    assert.equal(takePageToken(page('http://127.0.0.1:4000/').env), null);
  });
});
