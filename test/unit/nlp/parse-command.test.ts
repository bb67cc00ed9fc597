// `reflabel parse`, run through the bin script as a user would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../integration/cli/run-cli';

test('--json prints the parse with the keys the methods read', async () => {
  const { code, stdout, stderr } = await runCli(['parse', 'man in red shirt behind the woman', '--json']);
  assert.equal(code, 0, stderr);
  const parse = JSON.parse(stdout);
  for (const key of [
    'primaryNoun',
    'subject',
    'rootNounPhrase',
    'contextTokens',
    'directions',
    'relations',
    'focusTokens',
    'nounPhrases',
    'tokens',
  ]) {
    assert.ok(key in parse, key);
  }
  assert.equal(parse.primaryNoun, 'man');
  assert.equal(parse.subject, 'man');
  assert.equal(parse.rootNounPhrase, 'man');
  assert.deepEqual(parse.contextTokens, ['red', 'shirt', 'behind', 'woman']);
  assert.deepEqual(parse.directions, ['back']);
  assert.deepEqual(parse.focusTokens, ['man', 'red', 'shirt', 'woman']);
  assert.deepEqual(
    parse.nounPhrases.map((p: { text: string }) => p.text),
    ['man', 'red shirt', 'the woman'],
  );
});

test('without --json it prints a readable summary', async () => {
  const { code, stdout } = await runCli(['parse', 'second banana from right']);
  assert.equal(code, 0);
  assert.match(stdout, /^primary noun\s+banana$/m);
  assert.match(stdout, /^directions\s+right$/m);
  assert.match(stdout, /^root phrase\s+second banana$/m);
});

test('a missing expression or an unknown option is a usage error (exit 2)', async () => {
  const missing = await runCli(['parse']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /usage: reflabel parse/);
  const unknown = await runCli(['parse', 'left guy', '--jsn']);
  assert.equal(unknown.code, 2);
});
