// Browser mode's transport: calls are POSTs to /api/<op>, events come over one WebSocket that reconnects with
// backoff and re-subscribes to every event still wanted, so a server restart or a laptop waking up heals itself.
import { ApiError, HTTP_TRANSPORT, type EventSocketMessage, type EventSocketRequest } from '../../../shared/contract';
import { encodeRelPath, type Transport } from './transport';

/** The part of the WebSocket API used here; the browser's WebSocket and the `ws` package both provide it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
}

export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export interface HttpTransportOptions {
  /** Origin of the server, e.g. 'http://127.0.0.1:41234'; '' for the page's own origin. */
  baseUrl: string;
  /** ws:// URL of the events endpoint. */
  eventsUrl: string;
  token: string | null;
  fetch: typeof fetch;
  openWebSocket: WebSocketFactory;
  /** First reconnect delay; it doubles up to maxReconnectDelayMs. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

const OPEN = 1;

export function httpTransport(options: HttpTransportOptions): Transport {
  const { baseUrl, eventsUrl, token } = options;
  const firstDelay = options.reconnectDelayMs ?? 500;
  const maxDelay = options.maxReconnectDelayMs ?? 10_000;
  const listeners: ((event: string, payload: unknown) => void)[] = [];
  const wanted = new Set<string>();
  type Waiter = { resolve(): void; reject(error: ApiError): void };
  /** Acks awaited on the current connection, by request id. */
  const pending = new Map<number, Waiter[]>();
  /** Subscriptions made while no connection was open; the next connection's first request covers them. */
  let waitingForOpen: Waiter[] = [];
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let delay = firstDelay;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const send = (request: EventSocketRequest) => socket?.send(JSON.stringify(request));

  const request = (type: EventSocketRequest['type'], events: string[], waiters: Waiter[]) => {
    const id = nextId++;
    if (waiters.length) pending.set(id, waiters);
    send({ type, id, events });
  };

  const connect = () => {
    timer = null;
    const protocols = [HTTP_TRANSPORT.wsProtocol, `${HTTP_TRANSPORT.wsTokenProtocolPrefix}${token ?? ''}`];
    const ws = options.openWebSocket(eventsUrl, protocols);
    socket = ws;
    ws.addEventListener('open', () => {
      delay = firstDelay;
      const waiters = waitingForOpen;
      waitingForOpen = [];
      if (wanted.size) request('subscribe', [...wanted], waiters);
      else for (const waiter of waiters) waiter.resolve();
    });
    ws.addEventListener('message', ({ data }) => {
      if (typeof data !== 'string') return;
      const message = JSON.parse(data) as EventSocketMessage;
      if (message.type === 'event') {
        for (const listener of listeners) listener(message.event, message.payload);
      } else if (message.id !== null) {
        const waiters = pending.get(message.id) ?? [];
        pending.delete(message.id);
        for (const waiter of waiters) {
          if (message.type === 'ack') waiter.resolve();
          else waiter.reject(ApiError.fromWire(message.error));
        }
      }
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      // Acks that never came are owed by the next connection, which subscribes to everything still wanted.
      for (const waiters of pending.values()) waitingForOpen.push(...waiters);
      pending.clear();
      if (closed || wanted.size === 0) return;
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelay);
    });
  };

  return {
    async call(op, input) {
      const response = await options.fetch(`${baseUrl}${HTTP_TRANSPORT.apiPrefix}${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HTTP_TRANSPORT.tokenHeader]: token ?? '' },
        body: input === undefined ? undefined : JSON.stringify(input),
      });
      try {
        return await response.json();
      } catch {
        throw new ApiError('internal', `${op}: the server answered ${response.status} without a JSON result`);
      }
    },

    subscribe(event) {
      if (closed) return Promise.reject(new ApiError('internal', 'the API client is closed'));
      wanted.add(event);
      return new Promise<void>((resolve, reject) => {
        const waiter = { resolve, reject };
        if (socket?.readyState === OPEN) return request('subscribe', [event], [waiter]);
        waitingForOpen.push(waiter);
        if (!socket && !timer) connect();
      });
    },

    unsubscribe(event) {
      wanted.delete(event);
      if (socket?.readyState === OPEN) request('unsubscribe', [event], []);
    },

    onEvent(listener) {
      listeners.push(listener);
    },

    fileUrl: (datasetId, relPath) => `${baseUrl}${HTTP_TRANSPORT.filesPrefix}${datasetId}/${encodeRelPath(relPath)}`,

    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const ws = socket;
      socket = null;
      ws?.close();
      const error = new ApiError('internal', 'the API client is closed');
      for (const waiter of [...waitingForOpen, ...[...pending.values()].flat()]) waiter.reject(error);
      waitingForOpen = [];
      pending.clear();
    },
  };
}
