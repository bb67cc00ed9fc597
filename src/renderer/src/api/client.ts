// The renderer's typed API client. In Electron it talks to the preload bridge (window.reflabel); in a plain browser
// it talks HTTP + WebSocket to the server that served the page. Either way a failed call throws ApiError.
import {
  ApiError,
  BRIDGE_KEY,
  HTTP_TRANSPORT,
  unwrapResult,
  type AnyApi,
  type ApiBridge,
  type ApiClient,
  type Subscription,
} from '../../../shared/contract';
import { httpTransport, type WebSocketFactory } from './http-transport';
import { ipcTransport } from './ipc-transport';
import { takePageToken, type PageEnvironment } from './page-token';
import type { Transport } from './transport';

export interface ClientEnvironment {
  /** Electron's preload bridge; default window.reflabel. When present, the HTTP options are ignored. */
  bridge?: ApiBridge;
  /** Browser mode: the server's origin; default '' (the page's own). */
  baseUrl?: string;
  /** Browser mode: default taken from the page URL or sessionStorage (takePageToken). */
  token?: string | null;
  fetch?: typeof fetch;
  openWebSocket?: WebSocketFactory;
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export function createApiClient<A extends AnyApi>(api: A, environment: ClientEnvironment = {}): ApiClient<A> {
  const page = globalThis as unknown as Partial<PageEnvironment> & { [BRIDGE_KEY]?: ApiBridge; location?: Location };
  const bridge = environment.bridge ?? page[BRIDGE_KEY];
  if (bridge) return clientOver(api, ipcTransport(bridge));

  const baseUrl = environment.baseUrl ?? '';
  if (!baseUrl && !page.location)
    throw new Error('createApiClient: no window.reflabel bridge and no page; pass baseUrl');
  const token = environment.token !== undefined ? environment.token : takePageToken(page as PageEnvironment);
  const origin = baseUrl || (page.location as Location).origin;
  return clientOver(
    api,
    httpTransport({
      baseUrl,
      eventsUrl: `${origin.replace(/^http/, 'ws')}${HTTP_TRANSPORT.eventsPath}`,
      token,
      fetch: environment.fetch ?? globalThis.fetch.bind(globalThis),
      openWebSocket: environment.openWebSocket ?? ((url, protocols) => new WebSocket(url, protocols)),
      reconnectDelayMs: environment.reconnectDelayMs,
      maxReconnectDelayMs: environment.maxReconnectDelayMs,
    }),
  );
}

/** Builds the typed client over any transport: name checks, result unwrapping, and per-event listener fan-out. */
export function clientOver<A extends AnyApi>(api: A, transport: Transport): ApiClient<A> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ready = new Map<string, Promise<void>>();

  transport.onEvent((event, payload) => {
    for (const listener of listeners.get(event) ?? []) {
      // One failing listener must not starve the others of the event.
      try {
        listener(payload);
      } catch (error) {
        console.error(`listener for '${event}' failed`, error);
      }
    }
  });

  const call = async (op: string, input?: unknown): Promise<unknown> => {
    if (!Object.hasOwn(api.operations, op)) throw new ApiError('not-found', `unknown operation '${op}'`);
    let result: unknown;
    try {
      result = await transport.call(op, input);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError('internal', `${op}: cannot reach RefLabel (${(error as Error)?.message ?? String(error)})`);
    }
    return unwrapResult(result);
  };

  const on = (event: string, listener: (payload: unknown) => void): Subscription => {
    if (!Object.hasOwn(api.events, event)) {
      const refused = Promise.reject(new ApiError('bad-request', `unknown event '${event}'`));
      refused.catch(() => undefined);
      return { ready: refused, unsubscribe: () => undefined };
    }
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      const subscribed = transport.subscribe(event);
      // Callers that never look at `ready` should not see an unhandled rejection.
      subscribed.catch(() => undefined);
      ready.set(event, subscribed);
    }
    const own = set;
    const wrapped = (payload: unknown) => listener(payload);
    own.add(wrapped);
    return {
      ready: ready.get(event) as Promise<void>,
      unsubscribe() {
        if (!own.delete(wrapped) || own.size > 0) return;
        listeners.delete(event);
        ready.delete(event);
        transport.unsubscribe(event);
      },
    };
  };

  return {
    call: call as ApiClient<A>['call'],
    on: on as ApiClient<A>['on'],
    fileUrl: (datasetId, relPath) => transport.fileUrl(datasetId, relPath),
    close: () => transport.close(),
  };
}
