// The main-thread side of one inference worker: a queue that sends it one request at a time, so the device it
// drives (a GPU, or the CPU cores onnxruntime's thread pool already fills) is never oversubscribed. Background
// requests (pre-encoding the next images) start only when no foreground request waits; one already running is not
// interrupted, since onnxruntime cannot stop a run midway. Requests can be
// cancelled while queued (they never start) or while running (the caller is released at once, the worker stops at
// its next step, and the queue moves on when the worker is actually free). Tensor buffers move across with
// transfer lists; errors come back with the worker's message and stack. A crashed worker is replaced on the next
// request.
import type { Worker } from 'node:worker_threads';
import {
  CancelledError,
  WorkerError,
  type FromWorker,
  type OpEvent,
  type OpInput,
  type OpOutput,
  type ToWorker,
  type WorkerOp,
} from './protocol';
import { tensorsIn, transferList } from './tensor-data';
import { defaultWorkerLaunch, startWorker, type WorkerLaunch } from './worker-launch';

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * Move the input tensors' buffers to the worker instead of copying them (default false: the caller's arrays
   * become unusable when moved).
   */
  transfer?: boolean;
  /** Waits behind every foreground request, queued or arriving later (default false). */
  background?: boolean;
}

interface Job {
  id: number;
  op: WorkerOp;
  input: unknown;
  transfer: boolean;
  background: boolean;
  onEvent: ((event: unknown) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** Set when the caller gave up on it; its eventual answer is dropped. */
  settled: boolean;
  detach: () => void;
}

export class VisionWorker {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private inFlight: Job | null = null;
  private nextId = 1;
  private closed = false;

  constructor(
    /** Names the worker in errors and thread listings, e.g. 'cpu' or 'cuda'. */
    readonly name: string,
    private readonly launch: WorkerLaunch = defaultWorkerLaunch(),
  ) {}

  /** Requests waiting behind the one in flight. */
  get queued(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.inFlight !== null;
  }

  request<K extends WorkerOp>(
    op: K,
    input: OpInput<K>,
    options: RequestOptions & { onEvent?: (event: OpEvent<K>) => void } = {},
  ): Promise<OpOutput<K>> {
    if (this.closed) return Promise.reject(new Error(`vision worker '${this.name}' is closed`));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new CancelledError(`${op} cancelled before it was queued`));
    return new Promise<OpOutput<K>>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        op,
        input,
        transfer: options.transfer ?? false,
        background: options.background ?? false,
        onEvent: options.onEvent as ((event: unknown) => void) | undefined,
        resolve: resolve as (value: unknown) => void,
        reject,
        settled: false,
        detach: () => {},
      };
      if (signal) {
        const onAbort = (): void => this.cancel(job);
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops the worker; queued and running requests fail. Loaded sessions are gone. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error(`vision worker '${this.name}' was closed`);
    for (const job of this.queue.splice(0)) this.settle(job, () => job.reject(error));
    if (this.inFlight) this.settle(this.inFlight, () => this.inFlight!.reject(error));
    this.inFlight = null;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private pump(): void {
    if (this.inFlight || this.closed) return;
    const foreground = this.queue.findIndex((j) => !j.background);
    const [job] = this.queue.splice(foreground >= 0 ? foreground : 0, 1);
    if (!job) {
      this.worker?.unref();
      return;
    }
    this.inFlight = job;
    const worker = this.ensureWorker();
    worker.ref();
    const message: ToWorker = { kind: 'request', id: job.id, op: job.op, input: job.input };
    try {
      worker.postMessage(message, job.transfer ? transferList(tensorsIn(job.input)) : []);
    } catch (err) {
      // Not cloneable (a function in the input, say): fail this request and go on.
      this.inFlight = null;
      this.settle(job, () =>
        job.reject(new Error(`${job.op}: cannot send the request to the worker: ${(err as Error).message}`)),
      );
      this.pump();
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.launch, `reflabel-vision-${this.name}`);
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (err) => this.onCrash(worker, err));
    worker.on('exit', (code) => this.onCrash(worker, new Error(`the worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private onMessage(message: FromWorker): void {
    const job = this.inFlight;
    if (!job || job.id !== message.id) return;
    if (message.kind === 'event') {
      if (!job.settled) job.onEvent?.(message.event);
      return;
    }
    this.inFlight = null;
    this.settle(job, () => {
      if (message.kind === 'result') job.resolve(message.output);
      else if (message.error.name === 'CancelledError') job.reject(new CancelledError(message.error.message));
      else job.reject(new WorkerError(message.error, job.op));
    });
    this.pump();
  }

  private onCrash(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    const job = this.inFlight;
    this.inFlight = null;
    if (job) {
      this.settle(job, () =>
        job.reject(new Error(`vision worker '${this.name}' failed during ${job.op}: ${err.message}`)),
      );
    }
    this.pump();
  }

  private cancel(job: Job): void {
    if (job.settled) return;
    const index = this.queue.indexOf(job);
    if (index >= 0) this.queue.splice(index, 1);
    else if (this.inFlight === job) this.worker?.postMessage({ kind: 'cancel', id: job.id } satisfies ToWorker);
    this.settle(job, () => job.reject(new CancelledError(`${job.op} cancelled`)));
  }

  private settle(job: Job, finish: () => void): void {
    if (job.settled) return;
    job.settled = true;
    job.detach();
    finish();
  }
}
