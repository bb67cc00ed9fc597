import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRefsFile, parseRefs, type RefRecord } from '../../../src/main/io/refs-schema';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'io');

// What test/tools/make_refs_fixtures.py wrote, transcribed by hand.
const EXPECTED: RefRecord[] = [
  {
    refId: 0,
    annId: 1710283,
    imageId: 581857,
    categoryId: 1,
    split: 'train',
    fileName: 'COCO_train2014_000000581857_1710283.jpg',
    sentIds: [0, 1],
    sentences: [
      {
        sentId: 0,
        raw: 'The man in the caf\u00e9 ',
        sent: 'the man in the caf\u00e9',
        tokens: ['the', 'man', 'in', 'the', 'caf\u00e9'],
      },
      { sentId: 1, raw: 'man\'s hat, "left"', sent: "man 's hat left", tokens: ['man', "'s", 'hat'] },
    ],
  },
  {
    refId: 1,
    annId: 300,
    imageId: 581857,
    categoryId: 18,
    split: 'train',
    fileName: 'COCO_train2014_000000581857_300.jpg',
    sentIds: [2],
    sentences: [{ sentId: 2, raw: 'dog', sent: 'dog', tokens: ['dog'] }],
  },
  {
    refId: 70000,
    annId: 7,
    imageId: 9,
    categoryId: 18,
    split: 'testA',
    fileName: 'COCO_train2014_000000000009_7.jpg',
    sentIds: [3, 4],
    sentences: [
      { sentId: 3, raw: 'white dog', sent: 'white dog', tokens: ['white', 'dog'] },
      { sentId: 4, raw: ' ', sent: '', tokens: [] },
    ],
  },
];

for (const name of ['refs.json', 'refs_p0.p', 'refs_p2.p', 'refs_p4.p', 'refs_py2_p0.p', 'refs_py2_p2.p']) {
  test(`${name} loads to the same records`, async () => {
    assert.deepEqual(await loadRefsFile(join(FIXTURES, name)), EXPECTED);
  });
}

function withTempFile(name: string, content: string | Uint8Array, body: (path: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refs-'));
    try {
      const path = join(dir, name);
      writeFileSync(path, content);
      await body(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'the format is taken from the content, so JSON named .p loads',
  withTempFile('refs(unc).p', readFileSync(join(FIXTURES, 'refs.json')), async (path) => {
    assert.deepEqual(await loadRefsFile(path), EXPECTED);
  }),
);

test(
  'a pickle named .json is refused',
  withTempFile('refs.json', readFileSync(join(FIXTURES, 'refs_p2.p')), async (path) => {
    await assert.rejects(loadRefsFile(path), /^Error: refs\.json: not a JSON file/);
  }),
);

test(
  'a pickle that runs code is refused by name',
  withTempFile('refs(unc).p', "cos\nsystem\n(S'echo hi'\ntR.", async (path) => {
    await assert.rejects(
      loadRefsFile(path),
      /^Error: refs\(unc\)\.p: pickle references os\.system, which is not allowed/,
    );
  }),
);

test(
  'malformed JSON names the line and column',
  withTempFile('refs.json', '[\n  {"ref_id": 1,\n   "ann_id" 2}\n]', async (path) => {
    await assert.rejects(
      loadRefsFile(path),
      new Error('refs.json: malformed JSON at line 3 column 13: expected \':\', unexpected "2"'),
    );
  }),
);

test(
  'a pickle of something else is not a refs file',
  withTempFile('model.p', readFileSync(join(FIXTURES, 'values_p2.p')), async (path) => {
    await assert.rejects(
      loadRefsFile(path),
      new Error('model.p: not a RefCOCO refs file: expected a list of refs, found a dict'),
    );
  }),
);

test(
  'a pickled list of ints is not a refs file',
  // PROTO 2, EMPTY_LIST, MARK, 1, 2, APPENDS
  withTempFile('ints.p', Uint8Array.of(0x80, 2, 0x5d, 0x28, 0x4b, 1, 0x4b, 2, 0x65, 0x2e), async (path) => {
    await assert.rejects(
      loadRefsFile(path),
      new Error('ints.p: not a RefCOCO refs file: record 0 is an int, not a dict'),
    );
  }),
);

function jsonRefs(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'refs.json'), 'utf8'));
}

test('a record without a required key makes it not a refs file', () => {
  const refs = jsonRefs();
  refs.push({ ...refs[0], ref_id: 99, sent_ids: [], sentences: [] });
  delete refs[3].ann_id;
  assert.throws(
    () => parseRefs(refs, 'r.json'),
    new Error("r.json: not a RefCOCO refs file: record 3 has no 'ann_id'"),
  );
});

const DELETE = Symbol('delete');

/** The fixture's refs with the value at a dotted path ('0.sentences.1.raw') replaced or deleted. */
function changed(path: string, value: unknown): unknown {
  const root: unknown = jsonRefs();
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, root as Record<string, unknown>);
  if (value === DELETE) delete parent[last];
  else parent[last] = value;
  return root;
}

test('bad fields name the ref and the record', () => {
  const cases: [string, unknown, string][] = [
    ['1.ann_id', '300', 'ref 1 (record 1): ann_id must be an integer, found a str'],
    ['2.ref_id', 1, 'ref 1 (record 2): duplicate ref_id, also record 1'],
    ['2.image_id', 9.5, 'ref 70000 (record 2): image_id must be an integer, found a float'],
    ['0.split', '', 'ref 0 (record 0): split must be a non-empty string'],
    ['0.file_name', 5, 'ref 0 (record 0): file_name must be a string'],
    ['0.sentences', {}, 'ref 0 (record 0): sentences must be a list'],
    ['0.sent_ids', 'abc', 'ref 0 (record 0): sent_ids must be a list'],
    ['0.sent_ids.1', 1.5, 'ref 0 (record 0): sent_ids[1] must be an integer, found a float'],
    ['0.sentences.1.tokens', ['a', 1], 'ref 0 (record 0): sentences[1].tokens must be a list of strings'],
    ['0.sentences.1.raw', DELETE, "ref 0 (record 0): sentences[1] has no 'raw'"],
    ['0.sentences.0.sent', null, 'ref 0 (record 0): sentences[0].sent must be a string, found None'],
    ['0.sentences.0', 'the man', 'ref 0 (record 0): sentences[0] is a str, not a dict'],
    ['2.sentences.0.sent_id', 2, 'ref 70000 (record 2): sent_id 2 is also in ref 1'],
    ['0.sent_ids', [1, 0], "ref 0 (record 0): sent_ids [1,0] do not match the sentences' sent_id [0,1]"],
    ['0.sent_ids', [0], "ref 0 (record 0): sent_ids [0] do not match the sentences' sent_id [0,1]"],
  ];
  for (const [path, value, message] of cases) {
    assert.throws(() => parseRefs(changed(path, value), 'r.json'), new Error(`r.json: ${message}`), path);
  }
});

test('file_name is optional and an empty list is an empty refs file', () => {
  const refs = jsonRefs();
  delete refs[1].file_name;
  assert.equal(parseRefs(refs, 'r.json')[1].fileName, null);
  assert.deepEqual(parseRefs([], 'r.json'), []);
});
