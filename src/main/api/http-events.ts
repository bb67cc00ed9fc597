// The /events WebSocket of browser mode: clients subscribe to event names and receive those events as JSON.
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import {
  HTTP_TRANSPORT,
  describeIssues,
  type AnyApi,
  type EventSocketMessage,
  type WireError,
} from '../../shared/contract';
import { isEvent } from './dispatch';
import type { ApiEventSource } from './event-hub';

const requestSchema = z.object({
  type: z.enum(['subscribe', 'unsubscribe']),
  id: z.number().int(),
  events: z.array(z.string()).max(256),
});

const PING_INTERVAL_MS = 30_000;

export interface EventSocketOptions<A extends AnyApi> {
  server: Server;
  api: A;
  events: ApiEventSource<A>;
  /** Returns an HTTP status (401, 403, …) to refuse the upgrade, or null to accept it. */
  refuse(request: IncomingMessage): number | null;
}

export function attachEventSocket<A extends AnyApi>(options: EventSocketOptions<A>): { close(): void } {
  const { server, api, events, refuse } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(HTTP_TRANSPORT.wsProtocol) ? HTTP_TRANSPORT.wsProtocol : false),
  });
  const subscriptions = new Map<WebSocket, Set<string>>();
  const alive = new WeakSet<WebSocket>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    const status = path === HTTP_TRANSPORT.eventsPath ? refuse(request) : 404;
    if (status !== null) {
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  };

  const send = (ws: WebSocket, message: EventSocketMessage) => ws.send(JSON.stringify(message));

  const accept = (ws: WebSocket) => {
    const wanted = new Set<string>();
    subscriptions.set(ws, wanted);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('close', () => subscriptions.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      const fail = (id: number | null, message: string) => {
        const error: WireError = { code: 'bad-request', message };
        send(ws, { type: 'error', id, error });
      };
      let parsed: unknown;
      try {
        parsed = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        return fail(null, 'events: message is not JSON');
      }
      const request = requestSchema.safeParse(parsed);
      if (!request.success) return fail(null, `events: invalid message ${describeIssues(request.error)}`);
      const { type, id, events: names } = request.data;
      const unknown = names.find((name) => !isEvent(api, name));
      if (unknown !== undefined) return fail(id, `events: unknown event ${JSON.stringify(unknown).slice(0, 80)}`);
      for (const name of names) {
        if (type === 'subscribe') wanted.add(name);
        else wanted.delete(name);
      }
      send(ws, { type: 'ack', id });
    });
  };

  const stopForwarding = events.onEvent((event, payload) => {
    let text: string | undefined;
    for (const [ws, wanted] of subscriptions) {
      if (!wanted.has(event) || ws.readyState !== WebSocket.OPEN) continue;
      text ??= JSON.stringify({ type: 'event', event, payload } satisfies EventSocketMessage);
      ws.send(text);
    }
  });

  // A laptop that sleeps or drops off the network leaves a half-open connection; pings find and close those.
  const pinger = setInterval(() => {
    for (const ws of subscriptions.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  server.on('upgrade', onUpgrade);
  return {
    close() {
      clearInterval(pinger);
      stopForwarding();
      server.off('upgrade', onUpgrade);
      for (const ws of subscriptions.keys()) ws.terminate();
      subscriptions.clear();
      wss.close();
    },
  };
}
