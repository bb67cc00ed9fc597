// Builds the object the preload exposes as `window.reflabel`. It forwards exactly the declared operations and events
// to the IPC binding and nothing else: the renderer never touches ipcRenderer, and the IPC event object (whose
// `sender` is ipcRenderer itself) never crosses the bridge. The main process validates everything again anyway.
import { BRIDGE_KEY, IPC_CHANNELS, type AnyApi, type ApiBridge, type CallResult } from '../../shared/contract';

/** Structural slice of Electron's IpcRenderer. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: unknown[]) => void): unknown;
}

/** Structural slice of Electron's ContextBridge. */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

type NamesOf = Pick<AnyApi, 'operationNames' | 'eventNames'>;

export function createBridge(ipcRenderer: IpcRendererLike, api: NamesOf): ApiBridge {
  const operations: Record<string, (input: unknown) => Promise<CallResult>> = {};
  for (const name of api.operationNames) {
    operations[name] = (input) => ipcRenderer.invoke(IPC_CHANNELS.call, name, input) as Promise<CallResult>;
  }
  const eventNames = new Set(api.eventNames);
  const refuseEvent = (name: string): Promise<CallResult<null>> =>
    Promise.resolve({ ok: false, error: { code: 'bad-request', message: `unknown event '${name}'` } });

  return {
    operations: Object.freeze(operations),
    eventNames: Object.freeze([...api.eventNames]),
    subscribe: (name) =>
      eventNames.has(name)
        ? (ipcRenderer.invoke(IPC_CHANNELS.subscribe, name) as Promise<CallResult<null>>)
        : refuseEvent(name),
    unsubscribe: (name) =>
      eventNames.has(name)
        ? (ipcRenderer.invoke(IPC_CHANNELS.unsubscribe, name) as Promise<CallResult<null>>)
        : refuseEvent(name),
    onEvent(listener) {
      const forward = (_event: unknown, ...args: unknown[]) => {
        const [name, payload] = args;
        if (typeof name === 'string' && eventNames.has(name)) listener(name, payload);
      };
      ipcRenderer.on(IPC_CHANNELS.event, forward);
      return () => {
        ipcRenderer.removeListener(IPC_CHANNELS.event, forward);
      };
    },
  };
}

/** The whole preload: `exposeApi(contextBridge, ipcRenderer, api)`. */
export function exposeApi(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike, api: NamesOf): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer, api));
}
