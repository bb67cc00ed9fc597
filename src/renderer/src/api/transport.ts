// What the client needs from a transport; the Electron bridge and browser-mode HTTP + WebSocket each provide one.

export interface Transport {
  /** Resolves with the raw CallResult; rejects only when the transport itself failed. */
  call(op: string, input: unknown): Promise<unknown>;
  /** Settles once the main process or server has registered the subscription. */
  subscribe(event: string): Promise<void>;
  unsubscribe(event: string): void;
  /** The transport's single event stream; the client fans it out to listeners. */
  onEvent(listener: (event: string, payload: unknown) => void): void;
  fileUrl(datasetId: number, relPath: string): string;
  close(): void;
}

/** Dataset paths use '/' between segments; each segment is encoded on its own so the slashes stay separators. */
export function encodeRelPath(relPath: string): string {
  return relPath.split('/').map(encodeURIComponent).join('/');
}
