// The vision runtime as the rest of the app sees it: one inference worker (and queue) per device, created on first
// use, and sessions as handles bound to the worker of the device they asked for. Used the same way from the
// Electron main process, the browser-mode server and the CLI.
import type { Provider, SessionConfig } from './session-config';
import type { SessionInfo } from './protocol';
import type { TensorData } from './tensor-data';
import { VisionWorker, type RequestOptions } from './vision-worker';
import { defaultWorkerLaunch, type WorkerLaunch } from './worker-launch';

export interface RunResult {
  outputs: Record<string, TensorData>;
  /** The provider the run used (also in every benchmark line). */
  provider: Provider;
  runMs: number;
}

export interface SessionHandle {
  readonly info: SessionInfo;
  run(feeds: Record<string, TensorData>, options?: RequestOptions & { fetches?: string[] }): Promise<RunResult>;
  release(): Promise<void>;
}

export interface VisionRuntime {
  /** The worker (and queue) for a device; CUDA sessions go to 'cuda', everything else to 'cpu'. */
  worker(device: 'cpu' | 'cuda'): VisionWorker;
  /** Loads (or finds, by key) a session in the worker of config.device. */
  session(
    key: string,
    model: string | Uint8Array,
    config?: SessionConfig,
    options?: RequestOptions,
  ): Promise<SessionHandle>;
  close(): Promise<void>;
}

export function createVisionRuntime(launch: WorkerLaunch = defaultWorkerLaunch()): VisionRuntime {
  const workers = new Map<string, VisionWorker>();
  const worker = (device: 'cpu' | 'cuda'): VisionWorker => {
    let found = workers.get(device);
    if (!found) {
      found = new VisionWorker(device, launch);
      workers.set(device, found);
    }
    return found;
  };
  return {
    worker,
    async session(key, model, config = {}, options = {}) {
      const target = worker(config.device ?? 'cpu');
      const info = await target.request('session.load', { key, model, config }, options);
      return {
        info,
        async run(feeds, { fetches, ...requestOptions } = {}) {
          return target.request('session.run', { key, feeds, fetches }, requestOptions);
        },
        async release() {
          await target.request('session.release', { key });
        },
      };
    },
    async close() {
      await Promise.all([...workers.values()].map((w) => w.close()));
      workers.clear();
    },
  };
}
