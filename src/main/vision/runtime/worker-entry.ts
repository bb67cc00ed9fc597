// The inference worker's main: answers requests from its parent one message at a time. Started by VisionWorker
// (vision-worker.ts); in the electron-vite build this file is its own bundle entry (see worker-launch.ts).
import { parentPort } from 'node:worker_threads';
import { CancelledError, type FromWorker, type ToWorker, type WorkerOp } from './protocol';
import { tensorsIn, transferList } from './tensor-data';
import { createWorkerHandlers, type HandlerContext } from './worker-handlers';

if (!parentPort) throw new Error('worker-entry.ts must run in a worker thread');
const port = parentPort;
const handlers = createWorkerHandlers();
const running = new Map<number, AbortController>();

port.on('message', (message: ToWorker) => {
  if (message.kind === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  void handle(message.id, message.op, message.input);
});

async function handle(id: number, op: WorkerOp, input: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const handler = handlers[op] as ((input: unknown, ctx: HandlerContext) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`unknown worker operation '${op}'`);
    const emit = (event: unknown): void => port.postMessage({ kind: 'event', id, event } satisfies FromWorker);
    const output = await handler(input, { signal: controller.signal, emit });
    const reply: FromWorker = { kind: 'result', id, output };
    port.postMessage(reply, transferList(tensorsIn(output)));
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    const reply: FromWorker = {
      kind: 'error',
      id,
      error: {
        name: error instanceof CancelledError ? 'CancelledError' : error.name,
        message: error.message,
        stack: error.stack,
      },
    };
    port.postMessage(reply);
  } finally {
    running.delete(id);
  }
}
