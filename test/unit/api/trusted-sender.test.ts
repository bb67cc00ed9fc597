import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trustedUrlCheck } from '../../../src/main/api/trusted-sender';

describe('trustedUrlCheck', () => {
  const isTrusted = trustedUrlCheck([
    'http://localhost:5173',
    'file:///opt/RefLabel/resources/app/out/renderer/index.html',
  ]);

  it('trusts any page of a listed http origin', () => {
    assert.equal(isTrusted('http://localhost:5173/'), true);
    assert.equal(isTrusted('http://localhost:5173/index.html?x=1#y'), true);
  });

  it('refuses other origins, ports, schemes and hosts', () => {
    for (const url of [
      'https://evil.example/',
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost.evil.example:5173/',
      'data:text/html,<script>1</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      assert.equal(isTrusted(url), false, url);
    }
  });

  it('trusts the packaged index.html and no other local file', () => {
    assert.equal(isTrusted('file:///opt/RefLabel/resources/app/out/renderer/index.html'), true);
    assert.equal(isTrusted('file:///opt/RefLabel/resources/app/out/renderer/index.html#/datasets'), true);
    assert.equal(isTrusted('file:///home/alice/Downloads/index.html'), false);
    assert.equal(isTrusted('file:///opt/RefLabel/resources/app/out/renderer/other.html'), false);
  });

  it('refuses to be configured with an opaque origin', () => {
    assert.throws(() => trustedUrlCheck(['data:text/html,x']), /no origin/);
  });
});
