// Fakes of the Electron objects the IPC binding and the preload bridge use. Values cross them by structured clone,
// as they do in Electron, so a result that Electron could not send fails here too.
import type { IpcInvokeEvent, IpcMainLike, IpcWebContents } from '../../../src/main/api/ipc-binding';
import type { IpcRendererLike } from '../../../src/main/api/preload-bridge';

type Handler = (event: IpcInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    // Electron refuses a second handler on one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invoke(event: IpcInvokeEvent, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

export class FakeWebContents implements IpcWebContents {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  private destroyed = false;
  private readonly onDestroyed: (() => void)[] = [];
  /** Set by FakeIpcRenderer to deliver sends to the renderer side. */
  deliver: ((channel: string, args: unknown[]) => void) | null = null;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const copy = structuredClone(args);
    this.sent.push({ channel, args: copy });
    this.deliver?.(channel, copy);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  once(event: 'destroyed', listener: () => void): this {
    if (event === 'destroyed') this.onDestroyed.push(listener);
    return this;
  }

  destroy(): void {
    this.destroyed = true;
    for (const listener of this.onDestroyed.splice(0)) listener();
  }
}

export function frameEvent(url: string | null, sender = new FakeWebContents()): IpcInvokeEvent {
  return { senderFrame: url === null ? null : { url }, sender };
}

/** The renderer end of one webContents: invoke goes to the fake ipcMain with this frame's event. */
export class FakeIpcRenderer implements IpcRendererLike {
  readonly contents = new FakeWebContents();
  private readonly listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();

  constructor(
    private readonly main: FakeIpcMain,
    private readonly frameUrl: string,
  ) {
    this.contents.deliver = (channel, args) => {
      for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'the ipcRenderer itself' }, ...args);
    };
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.main.invoke(frameEvent(this.frameUrl, this.contents), channel, ...args);
  }

  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }

  removeListener(channel: string, listener: (...args: unknown[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
