// Fixtures come from test/tools/make_refs_fixtures.py (Python 3 and 2.7 pickle/cPickle, checked there by loading
// them back in Python). Expected values here are written by hand from what the tool pickled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPickle, type PickleGlobal } from '../../../src/main/io/pickle';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'io');
const fixture = (name: string): Uint8Array => readFileSync(join(FIXTURES, name));
const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

function py3Values(): Map<unknown, unknown> {
  return new Map<unknown, unknown>([
    ['small', 5],
    ['neg', -7],
    ['u16', 300],
    ['i32', 70000],
    ['min32', -2147483648],
    ['big53', 9007199254740991],
    ['big64', 18446744073709551616n],
    ['neg_huge', -1267650600228229401496703205376n],
    ['float', 1.5],
    ['tiny', 1e-300],
    ['neg_zero', -0],
    ['inf', Infinity],
    ['ninf', -Infinity],
    ['nan', NaN],
    ['true', true],
    ['false', false],
    ['none', null],
    ['text', 'h\u00e9llo \u2603 \u{1F600}'],
    ['escapes', 'back\\slash\nnew line "q" \'s\' \\u0041'],
    ['long_text', 'x'.repeat(300)],
    ['tuple', [1, 'a']],
    ['empty_tuple', []],
    ['tuple1', [1]],
    ['tuple3', [1, 2, 3]],
    ['tuple4', [1, 2, 3, 4]],
    ['list', [1, [2, [3]]]],
    ['empty_list', []],
    [
      'int_keys',
      new Map([
        [1, 'one'],
        [2, 'two'],
      ]),
    ],
    ['shared', [['s'], ['s']]],
  ]);
}

for (const protocol of [0, 1, 2, 3, 4, 5]) {
  test(`Python 3 values, protocol ${protocol}`, () => {
    const value = readPickle(fixture(`values_p${protocol}.p`)) as Map<string, unknown>;
    assert.deepEqual(value, py3Values());
    // -0 and NaN survive as themselves (deepEqual compares them with Object.is).
    assert.ok(Object.is(value.get('neg_zero'), -0));
    const shared = value.get('shared') as unknown[];
    assert.equal(shared[0], shared[1], 'a memoised object is the same object both times');
  });
}

for (const protocol of [4, 5]) {
  test(`bytes, sets and frozensets, protocol ${protocol}`, () => {
    const expected = new Map<string, unknown>([
      ['bytes', Uint8Array.of(0, 255, 0x61, 0x62)],
      ['long_bytes', new Uint8Array(300).fill(1)],
      ['set', new Set([1, 2])],
      ['frozenset', new Set([3])],
      ['empty_set', new Set()],
    ]);
    if (protocol === 5) expected.set('bytearray', Uint8Array.of(0x78, 0x79));
    assert.deepEqual(readPickle(fixture(`extras_p${protocol}.p`)), expected);
  });
}

for (const protocol of [0, 2]) {
  test(`Python 2 cPickle values, protocol ${protocol}: byte strings decode as latin1`, () => {
    const value = readPickle(fixture(`values_py2_p${protocol}.p`)) as Map<string, unknown>;
    const expected = new Map<string, unknown>([
      ['int', 5],
      ['neg', -7],
      ['u16', 300],
      ['i32', 70000],
      ['long_small', 5],
      ['big', 18446744073709551616n],
      ['float', 1.5],
      ['str', 'caf\u00e9 "q" \'s\' \\ \n\t\u0000'],
      ['long_str', 'y'.repeat(300)],
      ['unicode', 'h\u00e9llo \u2603 \u{1F600} back\\slash\nnl'],
      ['tuple', [1, 'a']],
      ['list', [1, [2]]],
      ['none', null],
      ['true', true],
      ['false', false],
      ['shared', [['s'], ['s']]],
    ]);
    assert.deepEqual(value, expected);
    const shared = value.get('shared') as unknown[];
    assert.equal(shared[0], shared[1]);
  });
}

test('opcodes Python rarely writes, hand-assembled (checked against pickle.loads)', () => {
  // PROTO 4, MARK, BINUNICODE8 'hé', BINBYTES8 01 02, LONG4 -32768, LONG1 0, LONG1 -1, LONG1 2**64, TUPLE
  const wide = bytes(
    '\x80\x04(\x8d\x03\0\0\0\0\0\0\0h\xc3\xa9\x8e\x02\0\0\0\0\0\0\0\x01\x02' +
      '\x8b\x02\0\0\0\0\x80\x8a\x00\x8a\x01\xff\x8a\x09\0\0\0\0\0\0\0\0\x01t.',
  );
  assert.deepEqual(readPickle(wide), ['h\u00e9', Uint8Array.of(1, 2), -32768, 0, -1, 18446744073709551616n]);

  // EMPTY_LIST, LONG_BINPUT 256, POP, LONG_BINGET 256, DUP, TUPLE2: the same list twice
  const memo = readPickle(bytes(']r\x00\x01\x00\x000j\x00\x01\x00\x002\x86.')) as unknown[][];
  assert.deepEqual(memo, [[], []]);
  assert.equal(memo[0], memo[1]);

  // MARK 1 2 POP_MARK 3
  assert.equal(readPickle(bytes('(K\x01K\x021K\x03.')), 3);
  // BYTEARRAY8 'x', READONLY_BUFFER
  assert.deepEqual(readPickle(bytes('\x80\x05\x96\x01\0\0\0\0\0\0\0x\x98.')), Uint8Array.of(0x78));
  // STRING with \x, octal and an unknown escape; a double-quoted STRING
  assert.deepEqual(readPickle(bytes("(S'a\\x41\\101\\q\\n'\nS\"it's\"\nt.")), ['aAA\\q\n', "it's"]);
  // UNICODE: \u is an escape only after an odd run of backslashes
  assert.equal(readPickle(bytes('V\\u0041 \\\\u0041 \\\\\\u0041 \\U0001f600\n.')), 'A \\\\u0041 \\\\A \u{1F600}');
  const floats = readPickle(bytes('(Fnan\nFinf\nF-inf\nF-0.0\nF1e-05\nt.')) as number[];
  assert.deepEqual(floats, [NaN, Infinity, -Infinity, -0, 1e-5]);
  assert.deepEqual(readPickle(bytes('(I01\nI00\nI-12\nL-99999999999999999999L\nL7\nt.')), [
    true,
    false,
    -12,
    -99999999999999999999n,
    7,
  ]);
});

test('INST and OBJ call the global through the hook', () => {
  const calls: unknown[][] = [];
  const findClass = (module: string, name: string): PickleGlobal | undefined =>
    module === '__main__' && name === 'Point'
      ? {
          call: (args) => {
            calls.push(args);
            return { point: args };
          },
        }
      : undefined;
  assert.deepEqual(readPickle(bytes('(K\x01K\x02i__main__\nPoint\n.'), { findClass }), { point: [1, 2] });
  assert.deepEqual(readPickle(bytes('(c__main__\nPoint\nK\x01o.'), { findClass }), { point: [1] });
  assert.deepEqual(calls, [[1, 2], [1]]);
});

test('globals are refused without a hook, naming the global and the file', () => {
  const evil = bytes("cos\nsystem\n(S'echo hi'\ntR.");
  assert.throws(
    () => readPickle(evil, { file: 'refs(unc).p' }),
    new Error('refs(unc).p: pickle references os.system, which is not allowed (byte 0)'),
  );
  // A hook that does not know the name refuses it the same way.
  assert.throws(() => readPickle(evil, { file: 'x.p', findClass: () => undefined }), /references os\.system/);
  assert.throws(() => readPickle(fixture('set_p2.p'), { file: 'set_p2.p' }), /set_p2\.p: .*__builtin__\.set/);
  assert.throws(() => readPickle(fixture('objects_p4.p')), /pickle: pickle references __main__\.Point/);
});

test('REDUCE through a hook: a Python 2-named set', () => {
  const findClass = (module: string, name: string): PickleGlobal | undefined =>
    module === '__builtin__' && name === 'set' ? { call: ([items]) => new Set(items as unknown[]) } : undefined;
  assert.deepEqual(readPickle(fixture('set_p2.p'), { findClass }), new Set([1, 2]));
});

test('an OrderedDict with attributes, the way torch state dicts are pickled', () => {
  const states: unknown[] = [];
  const findClass = (module: string, name: string): PickleGlobal | undefined =>
    module === 'collections' && name === 'OrderedDict'
      ? { call: () => new Map(), setState: (_obj, state) => void states.push(state) }
      : undefined;
  const value = readPickle(fixture('ordered_p2.p'), { findClass }) as Map<string, number>;
  assert.deepEqual(
    [...value],
    [
      ['b', 1],
      ['a', 2],
    ],
  );
  assert.deepEqual(states, [new Map([['_metadata', new Map([['version', 1]])]])]);
});

test('NEWOBJ, NEWOBJ_EX and BUILD go through construct and setState', () => {
  const made: { cls: string; args: unknown[]; kwargs: Map<unknown, unknown>; state?: unknown }[] = [];
  const findClass = (module: string, name: string): PickleGlobal => ({
    construct: (args, kwargs) => {
      const obj = { cls: `${module}.${name}`, args, kwargs };
      made.push(obj);
      return obj;
    },
    setState: (obj, state) => {
      (obj as { state?: unknown }).state = state;
    },
  });
  const p2 = readPickle(fixture('objects_p2.p'), { findClass }) as unknown[];
  assert.deepEqual(p2, [
    {
      cls: '__main__.Point',
      args: [],
      kwargs: new Map(),
      state: new Map<string, unknown>([
        ['x', 1],
        ['y', 2],
      ]),
    },
    {
      cls: '__main__.Point',
      args: [],
      kwargs: new Map(),
      state: new Map<string, unknown>([
        ['x', 3],
        ['y', 'z'],
      ]),
    },
  ]);
  const p4 = readPickle(fixture('objects_p4.p'), { findClass }) as unknown[];
  assert.deepEqual(p4[1], {
    cls: '__main__.Keyword',
    args: [5],
    kwargs: new Map([['k', 'v']]),
    state: new Map<string, unknown>([
      ['a', 5],
      ['k', 'v'],
    ]),
  });
});

test('BUILD on an object no hook made is an error', () => {
  // EMPTY_DICT EMPTY_DICT BUILD
  assert.throws(
    () => readPickle(bytes('}}b.'), { file: 'f.p' }),
    /f\.p: BUILD cannot set the state of a dict \(BUILD at byte 2\)/,
  );
});

test('persistent ids go to persistentLoad', () => {
  const seen: unknown[] = [];
  const persistentLoad = (pid: unknown): unknown => {
    seen.push(pid);
    return { storage: pid };
  };
  assert.deepEqual(
    readPickle(fixture('persid_p0.p'), { persistentLoad }),
    new Map<string, unknown>([
      ['weight', { storage: 'storage0' }],
      ['step', 3],
    ]),
  );
  assert.deepEqual((readPickle(fixture('persid_p2.p'), { persistentLoad }) as Map<string, unknown>).get('weight'), {
    storage: ['storage', 'key0', 12],
  });
  assert.deepEqual(seen, ['storage0', ['storage', 'key0', 12]]);
  assert.throws(
    () => readPickle(fixture('persid_p2.p'), { file: 'm.pth' }),
    /m\.pth: .*no persistentLoad hook.*BINPERSID at byte 49/,
  );
});

test('every strict prefix of a pickle is reported as truncated, with the file name', () => {
  for (const name of ['refs_py2_p0.p', 'refs_py2_p2.p', 'refs_p4.p', 'values_p0.p', 'values_p5.p']) {
    const whole = fixture(name);
    for (let n = 0; n < whole.length; n++) {
      assert.throws(
        () => readPickle(whole.subarray(0, n), { file: name }),
        (e: Error) => e.message.startsWith(`${name}: truncated pickle`),
        `${name} cut to ${n} bytes`,
      );
    }
  }
});

test('truncation inside an argument names the opcode and its offset', () => {
  // BINUNICODE claiming 100 bytes with 2 present
  assert.throws(
    () => readPickle(bytes('\x80\x02Xd\0\0\0ab'), { file: 'r.p' }),
    new Error('r.p: truncated pickle: the data ends at byte 9 (BINUNICODE at byte 2)'),
  );
  // BINBYTES8 with a length far past the end must not try to allocate it
  assert.throws(
    () => readPickle(bytes('\x8e\xff\xff\xff\xff\xff\xff\xff\x7f.')),
    /truncated pickle.*BINBYTES8 at byte 0/,
  );
  // FRAME announcing more bytes than there are
  assert.throws(() => readPickle(bytes('\x80\x04\x95\x10\0\0\0\0\0\0\0N.')), /truncated pickle.*FRAME at byte 2/);
});

test('malformed pickles fail with the byte offset', () => {
  const cases: [string, RegExp][] = [
    ['\x80\x02\xff', /unknown pickle opcode 0xff \(opcode at byte 2\)/],
    ['\x80\x06N.', /unsupported pickle protocol 6/],
    ['.', /pop from an empty stack \(STOP at byte 0\)/],
    ['h\x05.', /memo entry 5 was never stored \(BINGET at byte 0\)/],
    ['K\x01K\x02a.', /appending needs a list, found an int \(APPEND at byte 4\)/],
    ['e.', /no MARK to pop to \(APPENDS at byte 0\)/],
    ['X\x02\0\0\0\xc3\x28.', /invalid UTF-8 in a string \(BINUNICODE at byte 0\)/],
    ['\x82\x01.', /copyreg extension registry \(EXT1\)/],
    ['\x80\x05\x97.', /out-of-band buffers/],
    ["S'abc\n.", /must be quoted \(STRING at byte 0\)/],
    ['Iabc\n.', /bad integer "abc" \(INT at byte 0\)/],
    ['Fx1\n.', /bad float "x1" \(FLOAT at byte 0\)/],
    ['V\\u12\n.', /truncated \\uXXXX escape/],
    ['}(K\x01u.', /a dict needs key\/value pairs \(SETITEMS at byte 4\)/],
  ];
  for (const [input, pattern] of cases) {
    assert.throws(
      () => readPickle(bytes(input), { file: 'bad.p' }),
      (e: Error) => {
        assert.match(e.message, /^bad\.p: /);
        assert.match(e.message, pattern);
        return true;
      },
    );
  }
});

test('trailing bytes after STOP are ignored, as Python does', () => {
  assert.equal(readPickle(bytes('K\x07.garbage')), 7);
});
