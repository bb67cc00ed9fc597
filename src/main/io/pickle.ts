// A Python pickle reader for data files (protocols 0–5): RefCOCO's refs(*).p today, PyTorch checkpoints later.
// It builds plain JavaScript values and never runs anything: every opcode that would import or call Python code
// (GLOBAL, REDUCE, NEWOBJ, BUILD, PERSID, …) is answered by a hook the caller passes, or refused.
//
// Python values become:
//   dict → Map (keys may be ints or tuples, so not a plain object)   list, tuple → Array
//   str / unicode → string; Python 2 str (byte strings) → string, one char per byte (latin1), as
//   pickle.load(f, encoding='latin1') does       bytes, bytearray → Uint8Array
//   int → number, or bigint beyond ±(2^53 − 1)   float → number   bool → boolean   None → null
//   set, frozenset → Set        a global the pickle names → PickleGlobalRef
// Module names reach findClass exactly as written (Python 2 pickles say __builtin__, not builtins).

/** What a caller's findClass hook supplies for a global; only the members a pickle uses are needed. */
export interface PickleGlobal {
  /** REDUCE, INST and OBJ: the value of calling the global with positional arguments. */
  call?: (args: unknown[]) => unknown;
  /** NEWOBJ and NEWOBJ_EX: cls.__new__(cls, *args, **kwargs). */
  construct?: (args: unknown[], kwargs: Map<unknown, unknown>) => unknown;
  /** BUILD on a value this global made: obj.__setstate__(state), mutating obj. */
  setState?: (obj: unknown, state: unknown) => void;
}

export interface PickleOptions {
  /** Named in every error message. */
  file?: string;
  /** Returns what module.name stands for, or undefined to refuse it. */
  findClass?: (module: string, name: string) => PickleGlobal | undefined;
  /** Resolves a persistent id (PERSID, BINPERSID), as torch.load does for tensor storages. */
  persistentLoad?: (pid: unknown) => unknown;
}

/** A global the pickle referred to, as it sits in the result when it is not called (e.g. a pickled class). */
export class PickleGlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly impl: PickleGlobal,
  ) {}
}

const OP = {
  MARK: 0x28,
  STOP: 0x2e,
  POP: 0x30,
  POP_MARK: 0x31,
  DUP: 0x32,
  FLOAT: 0x46,
  INT: 0x49,
  BININT: 0x4a,
  BININT1: 0x4b,
  LONG: 0x4c,
  BININT2: 0x4d,
  NONE: 0x4e,
  PERSID: 0x50,
  BINPERSID: 0x51,
  REDUCE: 0x52,
  STRING: 0x53,
  BINSTRING: 0x54,
  SHORT_BINSTRING: 0x55,
  UNICODE: 0x56,
  BINUNICODE: 0x58,
  APPEND: 0x61,
  BUILD: 0x62,
  GLOBAL: 0x63,
  DICT: 0x64,
  EMPTY_DICT: 0x7d,
  APPENDS: 0x65,
  GET: 0x67,
  BINGET: 0x68,
  INST: 0x69,
  LONG_BINGET: 0x6a,
  LIST: 0x6c,
  EMPTY_LIST: 0x5d,
  OBJ: 0x6f,
  PUT: 0x70,
  BINPUT: 0x71,
  LONG_BINPUT: 0x72,
  SETITEM: 0x73,
  TUPLE: 0x74,
  EMPTY_TUPLE: 0x29,
  SETITEMS: 0x75,
  BINFLOAT: 0x47,
  PROTO: 0x80,
  NEWOBJ: 0x81,
  EXT1: 0x82,
  EXT2: 0x83,
  EXT4: 0x84,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  LONG1: 0x8a,
  LONG4: 0x8b,
  BINBYTES: 0x42,
  SHORT_BINBYTES: 0x43,
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE8: 0x8d,
  BINBYTES8: 0x8e,
  EMPTY_SET: 0x8f,
  ADDITEMS: 0x90,
  FROZENSET: 0x91,
  NEWOBJ_EX: 0x92,
  STACK_GLOBAL: 0x93,
  MEMOIZE: 0x94,
  FRAME: 0x95,
  BYTEARRAY8: 0x96,
  NEXT_BUFFER: 0x97,
  READONLY_BUFFER: 0x98,
} as const;

const OP_NAMES = new Map<number, string>(Object.entries(OP).map(([name, code]) => [code, name]));

const HIGHEST_PROTOCOL = 5;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads one pickled value. Throws an Error naming the file and byte offset on anything it cannot read. */
export function readPickle(bytes: Uint8Array, opts: PickleOptions = {}): unknown {
  return new Unpickler(bytes, opts).load();
}

class Unpickler {
  private readonly view: DataView;
  private readonly text: Buffer;
  private readonly file: string;
  private pos = 0;
  /** Start of the opcode being executed, for error messages. */
  private opPos = 0;
  private op = 0;
  private stack: unknown[] = [];
  private readonly metastack: unknown[][] = [];
  /** Indexed by memo key; dense in practice, as picklers number their PUTs from 0. */
  private readonly memo: unknown[] = [];
  /** Which global made each object, so BUILD can ask that global to apply the state. */
  private readonly madeBy = new WeakMap<object, PickleGlobal>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly opts: PickleOptions,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.file = opts.file ?? 'pickle';
  }

  load(): unknown {
    const b = this.bytes;
    while (this.pos < b.length) {
      this.opPos = this.pos;
      this.op = b[this.pos++];
      if (this.op === OP.STOP) return this.pop();
      this.dispatch(this.op);
    }
    throw this.error(`truncated pickle: the data ends at byte ${b.length} before the STOP opcode`);
  }

  private dispatch(op: number): void {
    switch (op) {
      case OP.PROTO: {
        const proto = this.u8();
        if (proto > HIGHEST_PROTOCOL) throw this.fail(`unsupported pickle protocol ${proto}`);
        return;
      }
      case OP.FRAME: {
        // Frames only group opcodes for buffered reading; the whole pickle is in memory already.
        const length = this.u64();
        if (length > this.bytes.length - this.pos) throw this.truncated();
        return;
      }
      case OP.MARK:
        this.metastack.push(this.stack);
        this.stack = [];
        return;
      case OP.POP:
        if (this.stack.length > 0) this.stack.pop();
        else this.popMark();
        return;
      case OP.POP_MARK:
        this.popMark();
        return;
      case OP.DUP:
        this.stack.push(this.top());
        return;

      case OP.NONE:
        return this.push(null);
      case OP.NEWTRUE:
        return this.push(true);
      case OP.NEWFALSE:
        return this.push(false);
      case OP.INT:
        return this.push(this.textInt());
      case OP.BININT:
        return this.push(this.i32());
      case OP.BININT1:
        return this.push(this.u8());
      case OP.BININT2:
        return this.push(this.u16());
      case OP.LONG:
        return this.push(this.textLong());
      case OP.LONG1:
        return this.push(this.binaryLong(this.u8()));
      case OP.LONG4: {
        const length = this.i32();
        if (length < 0) throw this.fail(`negative LONG4 length ${length}`);
        return this.push(this.binaryLong(length));
      }
      case OP.FLOAT:
        return this.push(this.textFloat());
      case OP.BINFLOAT:
        return this.push(this.view.getFloat64(this.need(8), false));

      case OP.STRING:
        return this.push(this.quotedString());
      case OP.BINSTRING: {
        const length = this.i32();
        if (length < 0) throw this.fail(`negative BINSTRING length ${length}`);
        return this.push(this.latin1(length));
      }
      case OP.SHORT_BINSTRING:
        return this.push(this.latin1(this.u8()));
      case OP.UNICODE:
        return this.push(this.rawUnicodeLine());
      case OP.BINUNICODE:
        return this.push(this.utf8(this.u32()));
      case OP.SHORT_BINUNICODE:
        return this.push(this.utf8(this.u8()));
      case OP.BINUNICODE8:
        return this.push(this.utf8(this.u64()));
      case OP.BINBYTES:
        return this.push(this.byteString(this.u32()));
      case OP.SHORT_BINBYTES:
        return this.push(this.byteString(this.u8()));
      case OP.BINBYTES8:
      case OP.BYTEARRAY8:
        return this.push(this.byteString(this.u64()));
      case OP.NEXT_BUFFER:
        throw this.fail('the pickle uses out-of-band buffers (NEXT_BUFFER), which are not supported');
      case OP.READONLY_BUFFER:
        // Marks the buffer on top of the stack read-only; a Uint8Array has no such flag to set.
        this.top();
        return;

      case OP.EMPTY_LIST:
        return this.push([]);
      case OP.EMPTY_TUPLE:
        return this.push([]);
      case OP.EMPTY_DICT:
        return this.push(new Map());
      case OP.EMPTY_SET:
        return this.push(new Set());
      case OP.LIST:
      case OP.TUPLE:
        return this.push(this.popMark());
      case OP.TUPLE1:
        return this.push(this.popN(1));
      case OP.TUPLE2:
        return this.push(this.popN(2));
      case OP.TUPLE3:
        return this.push(this.popN(3));
      case OP.DICT:
        return this.push(this.fillDict(new Map(), this.popMark()));
      case OP.FROZENSET:
        return this.push(new Set(this.popMark()));
      case OP.APPEND: {
        const value = this.pop();
        this.listTop().push(value);
        return;
      }
      case OP.APPENDS: {
        const items = this.popMark();
        const list = this.listTop();
        for (const item of items) list.push(item);
        return;
      }
      case OP.SETITEM: {
        const value = this.pop();
        const key = this.pop();
        this.dictTop().set(key, value);
        return;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        this.fillDict(this.dictTop(), items);
        return;
      }
      case OP.ADDITEMS: {
        const items = this.popMark();
        const set = this.top();
        if (!(set instanceof Set)) throw this.fail(`ADDITEMS needs a set, found ${describe(set)}`);
        for (const item of items) set.add(item);
        return;
      }

      case OP.PUT:
        return this.memoPut(this.textIndex());
      case OP.BINPUT:
        return this.memoPut(this.u8());
      case OP.LONG_BINPUT:
        return this.memoPut(this.u32());
      case OP.MEMOIZE:
        return this.memoPut(this.memo.length);
      case OP.GET:
        return this.memoGet(this.textIndex());
      case OP.BINGET:
        return this.memoGet(this.u8());
      case OP.LONG_BINGET:
        return this.memoGet(this.u32());

      case OP.GLOBAL: {
        const module = this.asciiLine();
        const name = this.asciiLine();
        return this.push(this.lookupGlobal(module, name));
      }
      case OP.STACK_GLOBAL: {
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') {
          throw this.fail(`STACK_GLOBAL needs two strings, found ${describe(module)} and ${describe(name)}`);
        }
        return this.push(this.lookupGlobal(module, name));
      }
      case OP.INST: {
        const module = this.asciiLine();
        const name = this.asciiLine();
        const args = this.popMark();
        return this.push(this.callGlobal(this.lookupGlobal(module, name), args));
      }
      case OP.OBJ: {
        const [cls, ...args] = this.popMark();
        return this.push(this.callGlobal(cls, args));
      }
      case OP.REDUCE: {
        const args = this.pop();
        const callable = this.pop();
        if (!Array.isArray(args)) throw this.fail(`REDUCE needs an argument tuple, found ${describe(args)}`);
        return this.push(this.callGlobal(callable, args));
      }
      case OP.NEWOBJ: {
        const args = this.pop();
        const cls = this.pop();
        return this.push(this.construct(cls, args, new Map()));
      }
      case OP.NEWOBJ_EX: {
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        if (!(kwargs instanceof Map)) throw this.fail(`NEWOBJ_EX needs a keyword dict, found ${describe(kwargs)}`);
        return this.push(this.construct(cls, args, kwargs));
      }
      case OP.BUILD: {
        const state = this.pop();
        const obj = this.top();
        const owner = typeof obj === 'object' && obj !== null ? this.madeBy.get(obj) : undefined;
        if (!owner?.setState) throw this.fail(`BUILD cannot set the state of ${describe(obj)}`);
        owner.setState(obj, state);
        return;
      }
      case OP.PERSID:
        return this.push(this.persistent(this.asciiLine()));
      case OP.BINPERSID:
        return this.push(this.persistent(this.pop()));
      case OP.EXT1:
      case OP.EXT2:
      case OP.EXT4:
        throw this.fail(`the pickle uses the copyreg extension registry (${OP_NAMES.get(op)}), which is not supported`);
      default:
        throw this.fail(`unknown pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }

  // ---- errors

  private error(message: string): Error {
    return new Error(`${this.file}: ${message}`);
  }

  /** An error about the opcode being executed. */
  private fail(message: string): Error {
    const name = OP_NAMES.get(this.op) ?? 'opcode';
    return this.error(`${message} (${name} at byte ${this.opPos})`);
  }

  private truncated(): Error {
    return this.fail(`truncated pickle: the data ends at byte ${this.bytes.length}`);
  }

  // ---- stack

  private push(value: unknown): void {
    this.stack.push(value);
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw this.fail('malformed pickle: pop from an empty stack');
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) throw this.fail('malformed pickle: the stack is empty');
    return this.stack[this.stack.length - 1];
  }

  private popN(n: number): unknown[] {
    if (this.stack.length < n) throw this.fail(`malformed pickle: needs ${n} stack items`);
    return this.stack.splice(this.stack.length - n, n);
  }

  private popMark(): unknown[] {
    const items = this.stack;
    const outer = this.metastack.pop();
    if (!outer) throw this.fail('malformed pickle: no MARK to pop to');
    this.stack = outer;
    return items;
  }

  private listTop(): unknown[] {
    const list = this.top();
    if (!Array.isArray(list)) throw this.fail(`appending needs a list, found ${describe(list)}`);
    return list;
  }

  private dictTop(): Map<unknown, unknown> {
    const dict = this.top();
    if (!(dict instanceof Map)) throw this.fail(`setting items needs a dict, found ${describe(dict)}`);
    return dict;
  }

  private fillDict(dict: Map<unknown, unknown>, items: unknown[]): Map<unknown, unknown> {
    if (items.length % 2 !== 0) throw this.fail('malformed pickle: a dict needs key/value pairs');
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]);
    return dict;
  }

  private memoPut(index: number): void {
    this.memo[index] = this.top();
  }

  private memoGet(index: number): void {
    if (!(index in this.memo)) throw this.fail(`malformed pickle: memo entry ${index} was never stored`);
    this.push(this.memo[index]);
  }

  // ---- globals and hooks

  private lookupGlobal(module: string, name: string): PickleGlobalRef {
    const impl = this.opts.findClass?.(module, name);
    if (!impl) throw this.error(`pickle references ${module}.${name}, which is not allowed (byte ${this.opPos})`);
    return new PickleGlobalRef(module, name, impl);
  }

  private callGlobal(callable: unknown, args: unknown[]): unknown {
    if (!(callable instanceof PickleGlobalRef) || !callable.impl.call) {
      throw this.fail(`cannot call ${describe(callable)}`);
    }
    return this.remember(callable.impl, callable.impl.call(args));
  }

  private construct(cls: unknown, args: unknown, kwargs: Map<unknown, unknown>): unknown {
    if (!(cls instanceof PickleGlobalRef) || !cls.impl.construct) throw this.fail(`cannot construct ${describe(cls)}`);
    if (!Array.isArray(args)) throw this.fail(`constructing needs an argument tuple, found ${describe(args)}`);
    return this.remember(cls.impl, cls.impl.construct(args, kwargs));
  }

  private remember(owner: PickleGlobal, value: unknown): unknown {
    if (typeof value === 'object' && value !== null) this.madeBy.set(value, owner);
    return value;
  }

  private persistent(pid: unknown): unknown {
    if (!this.opts.persistentLoad) {
      throw this.fail('the pickle refers to a persistent id, and no persistentLoad hook was given');
    }
    return this.opts.persistentLoad(pid);
  }

  // ---- reading bytes

  /** Claims the next n bytes and returns where they start. */
  private need(n: number): number {
    if (n > this.bytes.length - this.pos) throw this.truncated();
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private u8(): number {
    return this.bytes[this.need(1)];
  }

  private u16(): number {
    return this.view.getUint16(this.need(2), true);
  }

  private i32(): number {
    return this.view.getInt32(this.need(4), true);
  }

  private u32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  private u64(): number {
    const value = this.view.getBigUint64(this.need(8), true);
    // Anything past the end is caught by the caller's length check; clamp so the comparison stays exact.
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  }

  private latin1(length: number): string {
    const start = this.need(length);
    return this.text.toString('latin1', start, start + length);
  }

  private utf8(length: number): string {
    const start = this.need(length);
    const end = start + length;
    // Most pickled text is ASCII, which latin1 decodes the same and much faster than a TextDecoder call.
    let i = start;
    while (i < end && this.bytes[i] < 0x80) i++;
    if (i === end) return this.text.toString('latin1', start, end);
    try {
      return utf8.decode(this.bytes.subarray(start, end));
    } catch {
      throw this.fail('invalid UTF-8 in a string');
    }
  }

  private byteString(length: number): Uint8Array {
    const start = this.need(length);
    return new Uint8Array(this.bytes.subarray(start, start + length));
  }

  /** Claims the bytes up to the next newline and returns where they end (the newline's offset). */
  private lineEnd(): number {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.truncated();
    this.pos = end + 1;
    return end;
  }

  private asciiLine(): string {
    const start = this.pos;
    const end = this.lineEnd();
    try {
      return utf8.decode(this.bytes.subarray(start, end));
    } catch {
      throw this.fail('invalid UTF-8 in a name');
    }
  }

  /** A decimal memo index (PUT, GET), read straight from the bytes: protocol 0 pickles have one per value. */
  private textIndex(): number {
    const start = this.pos;
    const end = this.lineEnd();
    let value = 0;
    for (let i = start; i < end; i++) {
      const digit = this.bytes[i] - 0x30;
      if (digit < 0 || digit > 9 || end - start > 15) {
        throw this.fail(`bad memo index ${JSON.stringify(this.text.toString('latin1', start, end))}`);
      }
      value = value * 10 + digit;
    }
    if (end === start) throw this.fail('bad memo index ""');
    return value;
  }

  private textInt(): number | bigint | boolean {
    const text = this.asciiLine().trim();
    // Protocol 0 writes True and False as INT 01 and 00.
    if (text === '01') return true;
    if (text === '00') return false;
    return this.parseInteger(text);
  }

  private textLong(): number | bigint {
    const text = this.asciiLine().trim();
    return this.parseInteger(text.endsWith('L') ? text.slice(0, -1) : text);
  }

  private parseInteger(text: string): number | bigint {
    if (!/^[+-]?\d+$/.test(text)) throw this.fail(`bad integer ${JSON.stringify(text)}`);
    return text.length < 16 ? Number(text) : narrow(BigInt(text));
  }

  private binaryLong(length: number): number | bigint {
    const start = this.need(length);
    const end = start + length;
    let value = 0n;
    for (let i = end - 1; i >= start; i--) value = (value << 8n) | BigInt(this.bytes[i]);
    // Two's complement: a set top bit means negative.
    if (length > 0 && this.bytes[end - 1] & 0x80) value -= 1n << BigInt(8 * length);
    return narrow(value);
  }

  private textFloat(): number {
    const text = this.asciiLine().trim();
    const special: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN, '-nan': NaN };
    if (text in special) return special[text];
    const value = Number(text);
    if (text === '' || Number.isNaN(value)) throw this.fail(`bad float ${JSON.stringify(text)}`);
    return value;
  }

  private quotedString(): string {
    const start = this.pos;
    const end = this.lineEnd();
    const quote = this.bytes[start];
    if (end - start < 2 || (quote !== 0x27 && quote !== 0x22) || this.bytes[end - 1] !== quote) {
      throw this.fail('the STRING argument must be quoted');
    }
    const body = this.bytes.subarray(start + 1, end - 1);
    return body.includes(0x5c) ? decodeStringEscapes(body) : this.text.toString('latin1', start + 1, end - 1);
  }

  private rawUnicodeLine(): string {
    const start = this.pos;
    const end = this.lineEnd();
    const body = this.bytes.subarray(start, end);
    return body.includes(0x5c)
      ? decodeRawUnicodeEscape(body, (message) => this.fail(message))
      : this.text.toString('latin1', start, end);
  }
}

function narrow(value: bigint): number | bigint {
  return value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

const SIMPLE_ESCAPES: Record<number, number> = {
  0x5c: 0x5c, // \\
  0x27: 0x27, // \'
  0x22: 0x22, // \"
  0x61: 0x07, // \a
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
  0x76: 0x0b, // \v
};

const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
const hexValue = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

/** Python's escape_decode (the body of a repr'd byte string), giving one char per byte. */
function decodeStringEscapes(src: Uint8Array): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c !== 0x5c || i + 1 === src.length) {
      out += String.fromCharCode(c);
      continue;
    }
    const e = src[++i];
    if (e in SIMPLE_ESCAPES) {
      out += String.fromCharCode(SIMPLE_ESCAPES[e]);
    } else if (e === 0x0a) {
      // Backslash-newline is a line continuation.
    } else if (isOctal(e)) {
      let value = e - 0x30;
      for (let k = 0; k < 2 && i + 1 < src.length && isOctal(src[i + 1]); k++) value = value * 8 + src[++i] - 0x30;
      out += String.fromCharCode(value & 0xff);
    } else if (e === 0x78 && i + 2 < src.length && hexValue(src[i + 1]) >= 0 && hexValue(src[i + 2]) >= 0) {
      out += String.fromCharCode(hexValue(src[i + 1]) * 16 + hexValue(src[i + 2]));
      i += 2;
    } else {
      // Python keeps unknown escapes as they are.
      out += '\\' + String.fromCharCode(e);
    }
  }
  return out;
}

/** Python's raw-unicode-escape codec: bytes are code points, except \uXXXX and \UXXXXXXXX after an odd run of backslashes. */
function decodeRawUnicodeEscape(src: Uint8Array, fail: (message: string) => Error): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    if (src[i] !== 0x5c) {
      out += String.fromCharCode(src[i++]);
      continue;
    }
    const runStart = i;
    while (i < src.length && src[i] === 0x5c) i++;
    const run = i - runStart;
    const next = src[i];
    if (run % 2 === 0 || (next !== 0x75 && next !== 0x55)) {
      out += '\\'.repeat(run);
      continue;
    }
    out += '\\'.repeat(run - 1);
    const digits = next === 0x75 ? 4 : 8;
    let code = 0;
    for (let k = 1; k <= digits; k++) {
      const h = i + k < src.length ? hexValue(src[i + k]) : -1;
      if (h < 0) throw fail('truncated \\uXXXX escape in a UNICODE string');
      code = code * 16 + h;
    }
    if (code > 0x10ffff) throw fail('\\U escape out of range in a UNICODE string');
    out += String.fromCodePoint(code);
    i += 1 + digits;
  }
  return out;
}

/** A Python-ish type name for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Map) return 'a dict';
  if (value instanceof Set) return 'a set';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof PickleGlobalRef) return `${value.module}.${value.name}`;
  switch (typeof value) {
    case 'string':
      return 'a str';
    case 'number':
      return Number.isInteger(value) ? 'an int' : 'a float';
    case 'bigint':
      return 'an int';
    case 'boolean':
      return 'a bool';
    case 'object':
      return 'a dict';
    default:
      return typeof value;
  }
}
