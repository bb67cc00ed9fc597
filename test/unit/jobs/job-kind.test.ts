import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createJobKindRegistry, defineJobKind, type JobKind } from '../../../src/main/jobs/job-kind';

function kind(name: string, concurrency?: number): JobKind {
  return { kind: name, concurrency, listItems: async () => [], runItem: async () => null };
}

test('kinds are found by name', () => {
  const registry = createJobKindRegistry([kind('import'), kind('prelabel', 2)]);
  assert.equal(registry.get('prelabel').concurrency, 2);
  assert.deepEqual(registry.names(), ['import', 'prelabel']);
});

test('an unknown kind names the registered ones', () => {
  const registry = createJobKindRegistry([kind('import')]);
  assert.throws(() => registry.get('export'), /unknown job kind "export" \(registered: import\)/);
});

test('a kind registered twice or with a bad concurrency is refused', () => {
  assert.throws(() => createJobKindRegistry([kind('a'), kind('a')]), /kind "a" is registered twice/);
  assert.throws(() => createJobKindRegistry([kind('b', 0)]), /kind "b" has concurrency 0/);
  assert.throws(() => createJobKindRegistry([kind('c', 1.5)]), /kind "c" has concurrency 1.5/);
});

test('defineJobKind keeps a typed kind usable in the registry', async () => {
  const typed = defineJobKind<{ n: number }>({
    kind: 'count',
    listItems: async ({ n }) => Array.from({ length: n }, (_, i) => String(i)),
    runItem: async (key) => Number(key) * 2,
  });
  const registry = createJobKindRegistry([typed]);
  const ctx = { jobId: 1, signal: new AbortController().signal };
  assert.deepEqual(await registry.get('count').listItems({ n: 3 }, ctx), ['0', '1', '2']);
});
