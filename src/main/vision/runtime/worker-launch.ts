// How to start the inference worker's code. Run from TypeScript sources (tsx: the CLI, tests, browser-mode dev),
// the worker is worker-entry.ts loaded through tsx, which worker threads on Node 20 do not inherit from the parent's
// --import, so a two-line bootstrap registers it inside the worker first. In the electron-vite build the worker is
// a bundle entry of its own, `vision-worker.js` in out/main/ (electron.vite.config.ts: main.build.rollupOptions.input
// gets `'vision-worker': resolve(import.meta.dirname, 'src/main/vision/runtime/worker-entry.ts')`), and the main
// process passes its URL: `{ entry: new URL('./vision-worker.js', import.meta.url), fromSource: false }` written in
// src/main/index.ts, which the build puts beside it.
import { Worker } from 'node:worker_threads';

export interface WorkerLaunch {
  /** The worker's module: worker-entry.ts from sources, or the bundled vision-worker.js. */
  entry: URL;
  /** True when `entry` is TypeScript to be loaded through tsx. */
  fromSource: boolean;
}

const runningFromSource = import.meta.url.endsWith('.ts');

export function defaultWorkerLaunch(): WorkerLaunch {
  return runningFromSource
    ? { entry: new URL('./worker-entry.ts', import.meta.url), fromSource: true }
    : { entry: new URL('./vision-worker.js', import.meta.url), fromSource: false };
}

export function startWorker(launch: WorkerLaunch, name: string): Worker {
  if (!launch.fromSource) return new Worker(launch.entry, { name });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(launch.entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, name });
}
