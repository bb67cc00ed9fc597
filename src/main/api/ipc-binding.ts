// Binds the API to Electron's ipcMain. One channel carries every call ('reflabel:call', op name + input) rather than
// one channel per operation: the sender check and input validation then sit in exactly one handler, the preload
// needs only the list of names, and a call to an unknown operation gets an ordinary 'not-found' result instead of
// Electron's "no handler registered" error. Events go out on 'reflabel:event' to the webContents that subscribed.
import { IPC_CHANNELS, type AnyApi, type ApiHandlers, type CallResult } from '../../shared/contract';
import { defaultCheckOutput, dispatch, isEvent, type ApiLog } from './dispatch';
import type { ApiEventSource } from './event-hub';

// Structural slices of Electron's types, so tests can inject fakes; Electron's own objects satisfy them
// (test/unit/api/ipc-binding.test.ts checks that at compile time).
export interface IpcWebContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcInvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: IpcWebContents;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface BindIpcOptions<A extends AnyApi> {
  ipcMain: IpcMainLike;
  api: A;
  handlers: ApiHandlers<A>;
  events: ApiEventSource<A>;
  /** Gets the sending frame's URL; see trustedUrlCheck(). */
  isTrustedSender: (url: string) => boolean;
  log?: ApiLog;
  checkOutput?: boolean;
}

export interface IpcBinding {
  /** Removes the handlers and stops forwarding events. */
  dispose(): void;
}

export function bindIpc<A extends AnyApi>(options: BindIpcOptions<A>): IpcBinding {
  const { ipcMain, api, handlers, events, isTrustedSender } = options;
  const log = options.log ?? ((message, error) => console.error(`[api] ${message}`, error ?? ''));
  const dispatchOptions = { checkOutput: options.checkOutput ?? defaultCheckOutput(), log };
  const subscribers = new Map<number, { contents: IpcWebContents; events: Set<string> }>();

  const untrusted = (event: IpcInvokeEvent): CallResult<never> | null => {
    const url = event.senderFrame?.url;
    // senderFrame is null when the frame navigated or was destroyed after sending; nothing to trust then.
    if (url === undefined || !isTrustedSender(url)) {
      log(`refused IPC from untrusted frame ${url === undefined ? '(gone)' : JSON.stringify(url)}`);
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } };
    }
    return null;
  };

  const unknownEvent = (name: unknown): CallResult<never> => ({
    ok: false,
    error: { code: 'bad-request', message: `unknown event ${JSON.stringify(String(name)).slice(0, 80)}` },
  });

  ipcMain.handle(IPC_CHANNELS.call, async (event, name, input) => {
    return untrusted(event) ?? (await dispatch(api, handlers, name, input, dispatchOptions));
  });

  ipcMain.handle(IPC_CHANNELS.subscribe, (event, name): CallResult<null> => {
    const refused = untrusted(event);
    if (refused) return refused;
    if (!isEvent(api, name)) return unknownEvent(name);
    const contents = event.sender;
    let entry = subscribers.get(contents.id);
    if (!entry) {
      entry = { contents, events: new Set() };
      subscribers.set(contents.id, entry);
      contents.once('destroyed', () => subscribers.delete(contents.id));
    }
    entry.events.add(name);
    return { ok: true, value: null };
  });

  ipcMain.handle(IPC_CHANNELS.unsubscribe, (event, name): CallResult<null> => {
    const refused = untrusted(event);
    if (refused) return refused;
    if (!isEvent(api, name)) return unknownEvent(name);
    subscribers.get(event.sender.id)?.events.delete(name);
    return { ok: true, value: null };
  });

  const stopForwarding = events.onEvent((name, payload) => {
    for (const { contents, events: wanted } of subscribers.values()) {
      if (!wanted.has(name)) continue;
      if (contents.isDestroyed()) {
        subscribers.delete(contents.id);
        continue;
      }
      contents.send(IPC_CHANNELS.event, name, payload);
    }
  });

  return {
    dispose() {
      stopForwarding();
      for (const channel of [IPC_CHANNELS.call, IPC_CHANNELS.subscribe, IPC_CHANNELS.unsubscribe]) {
        ipcMain.removeHandler(channel);
      }
      subscribers.clear();
    },
  };
}
