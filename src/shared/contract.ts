// The mechanism for declaring RefLabel's API once: operation names with input/output schemas, and event names with
// payload schemas. Both transports (Electron IPC, HTTP + WebSocket) and the renderer client derive their types and
// their runtime checks from one such declaration. The renderer and preload bundle this file, so no Node imports.
import type { z } from 'zod';

/**
 * One operation. Schemas describe plain JSON data, because the HTTP transport sends JSON and the IPC transport must
 * behave the same way: no Dates, Maps or typed arrays, and no transforms on outputs (handlers return the output type,
 * the client receives it unchanged). Inputs may use defaults and coercion: handlers get the parsed value.
 */
export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export function op<I extends z.ZodType, O extends z.ZodType>(definition: { input: I; output: O }): Operation<I, O> {
  return { input: definition.input, output: definition.output };
}

export type OperationMap = Record<string, Operation>;
export type EventMap = Record<string, z.ZodType>;

export interface Api<Ops extends OperationMap = OperationMap, Events extends EventMap = EventMap> {
  readonly operations: Ops;
  readonly events: Events;
  /** The names alone, for the preload: it forwards these and nothing else. */
  readonly operationNames: readonly (keyof Ops & string)[];
  readonly eventNames: readonly (keyof Events & string)[];
}

/**
 * Any declared API; the constraint every generic below uses. Spelled out rather than `Api<OperationMap, EventMap>`
 * because `keyof Ops` makes Api invariant in Ops, and a concrete API would then not satisfy it.
 */
export interface AnyApi {
  readonly operations: OperationMap;
  readonly events: EventMap;
  readonly operationNames: readonly string[];
  readonly eventNames: readonly string[];
}

const NAME = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

export function defineApi<Ops extends OperationMap, Events extends EventMap = Record<never, z.ZodType>>(
  operations: Ops,
  options: { events?: Events } = {},
): Api<Ops, Events> {
  const events = options.events ?? ({} as Events);
  // Names become URL path segments and IPC arguments; keeping them to dotted identifiers means neither transport
  // ever has to escape one, and a typo such as a trailing space fails at startup rather than at the first call.
  for (const name of [...Object.keys(operations), ...Object.keys(events)]) {
    if (!NAME.test(name))
      throw new Error(`API declaration: name '${name}' is not a dotted identifier like 'datasets.list'`);
  }
  return {
    operations,
    events,
    operationNames: Object.freeze(Object.keys(operations)),
    eventNames: Object.freeze(Object.keys(events)),
  };
}

export type OpName<A extends AnyApi> = keyof A['operations'] & string;
export type EventName<A extends AnyApi> = keyof A['events'] & string;

/** What a caller sends (before defaults and coercion). */
export type OpInput<A extends AnyApi, K extends OpName<A>> = z.input<A['operations'][K]['input']>;
/** What a handler receives (after parsing). */
export type OpParsedInput<A extends AnyApi, K extends OpName<A>> = z.output<A['operations'][K]['input']>;
export type OpOutput<A extends AnyApi, K extends OpName<A>> = z.output<A['operations'][K]['output']>;
export type EventPayload<A extends AnyApi, E extends EventName<A>> = z.output<A['events'][E]>;

/** What the services implement: one async function per operation. */
export type ApiHandlers<A extends AnyApi> = {
  [K in OpName<A>]: (input: OpParsedInput<A, K>) => Promise<OpOutput<A, K>>;
};

/** Operations whose input may be left out (e.g. `z.void()` or an all-optional schema) take no second argument. */
export type InputArgs<T> = undefined extends T ? [input?: T] : [input: T];

export interface Subscription {
  /** Settles once the server has registered the subscription; events emitted before that may be missed. */
  readonly ready: Promise<void>;
  unsubscribe(): void;
}

/** What the renderer calls. Dotted names stay strings, so a call reads like its declaration and greps to it. */
export interface ApiClient<A extends AnyApi> {
  call<K extends OpName<A>>(op: K, ...args: InputArgs<OpInput<A, K>>): Promise<OpOutput<A, K>>;
  on<E extends EventName<A>>(event: E, listener: (payload: EventPayload<A, E>) => void): Subscription;
  /** URL for an `<img src>` of a file inside a dataset's root, for whichever transport is in use. */
  fileUrl(datasetId: number, relPath: string): string;
  /** Stops reconnecting and releases the event connection. */
  close(): void;
}

export const API_ERROR_CODES = ['bad-request', 'not-found', 'forbidden', 'conflict', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface WireError {
  code: ApiErrorCode;
  message: string;
}

/** Every call answers with this instead of throwing: Electron passes only an Error's message across IPC. */
export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };

/** Thrown by handlers for expected failures, and by the client when a call comes back `{ ok: false }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }

  static fromWire(error: unknown): ApiError {
    if (isWireError(error)) return new ApiError(error.code, error.message);
    return new ApiError('internal', 'malformed error response from the RefLabel API');
  }
}

function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === 'string' && (API_ERROR_CODES as readonly unknown[]).includes(code);
}

/** Unwraps a transport's answer: the value, or the ApiError it carries. */
export function unwrapResult<T>(result: unknown): T {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    // JSON drops `value: undefined` (an operation with a z.void() output); structured clone keeps it.
    if (result.ok === true) return (result as { value?: unknown }).value as T;
    if (result.ok === false && 'error' in result) throw ApiError.fromWire(result.error);
  }
  throw new ApiError('internal', 'malformed response from the RefLabel API');
}

/** "at datasetId: Invalid input: expected number, received string; at name: …" */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `at ${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** IPC channel names shared by the main-process binding and the preload. */
export const IPC_CHANNELS = {
  call: 'reflabel:call',
  subscribe: 'reflabel:subscribe',
  unsubscribe: 'reflabel:unsubscribe',
  event: 'reflabel:event',
} as const;

/**
 * What the preload exposes as `window.reflabel`: one function per declared operation and event forwarding, nothing
 * else. It returns wire results rather than throwing so the renderer client turns them into ApiError itself.
 */
export interface ApiBridge {
  readonly operations: Readonly<Record<string, (input: unknown) => Promise<CallResult>>>;
  readonly eventNames: readonly string[];
  subscribe(event: string): Promise<CallResult<null>>;
  unsubscribe(event: string): Promise<CallResult<null>>;
  /** Returns a function that removes the listener. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

/** The `window.reflabel` key. */
export const BRIDGE_KEY = 'reflabel';

/**
 * Electron's dataset-file URLs: reflabel-file://dataset/<datasetId>/<relPath…>. The id is a path segment, not the
 * host, because the scheme is registered as standard and Chromium reads a numeric host of a standard URL as an IPv4
 * address ('12' becomes '0.0.0.12').
 */
export const FILE_PROTOCOL = { scheme: 'reflabel-file', host: 'dataset' } as const;

/** Browser-mode wire details shared by the HTTP server and the renderer's HTTP transport. */
export const HTTP_TRANSPORT = {
  /** POST `${apiPrefix}${opName}` with the input as the JSON body (empty body = no input). */
  apiPrefix: '/api/',
  /** GET `${filesPrefix}${datasetId}/${relPath}`, each path segment percent-encoded. */
  filesPrefix: '/files/',
  eventsPath: '/events',
  tokenHeader: 'x-reflabel-token',
  /** Browsers cannot set headers on a WebSocket, so the token travels as a second subprotocol. */
  wsProtocol: 'reflabel.v1',
  wsTokenProtocolPrefix: 'reflabel.token.',
  /** The page URL parameter that carries the token on first load. */
  tokenParam: 'token',
} as const;

/** Messages on the /events WebSocket. `id` pairs an ack or error with the request that caused it. */
export type EventSocketRequest = { type: 'subscribe' | 'unsubscribe'; id: number; events: string[] };
export type EventSocketMessage =
  | { type: 'ack'; id: number }
  | { type: 'error'; id: number | null; error: WireError }
  | { type: 'event'; event: string; payload: unknown };

/** HTTP status for each error code; the body still carries the `{ ok: false, error }` result. */
export const HTTP_STATUS_FOR_CODE: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  internal: 500,
};
