// What every browser-mode end-to-end test needs: a temporary folder, the real app context and HTTP server over a
// fresh database, the built renderer, and a Chromium. Test files run in parallel, so the renderer build is guarded
// by a lock folder: two files must not write out/renderer at once.
import { mkdir, mkdtemp, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api } from '../../src/shared/api';
import { startApiServer, type ApiServer } from '../../src/main/api/http-server';
import { openAppContext, type AppContext } from '../../src/main/app/context';
import type { PathChooser } from '../../src/main/app/handlers';
import { ensureRendererBuilt } from '../../src/main/app/renderer-build';
import { launchChromium } from './find-browser';

const LOCK = resolve(import.meta.dirname, '../../out/.renderer-build.lock');
const STALE_LOCK_MS = 120_000;

export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(resolve(LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const info = await stat(LOCK).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) await rmdir(LOCK).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}

export interface Harness {
  dir: string;
  context: AppContext;
  server: ApiServer;
  browser: Browser;
  /** A page at 1440×900 that records page errors and console errors into `problems`. */
  newPage(): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Stands in for Electron's open dialog, so the page offers "Browse…" as it does in the desktop app. */
  choosePath?: PathChooser;
  /** Where the app looks for installed models; the user-data default when left out. */
  modelsRoot?: string;
}

export async function startHarness(prefix: string, options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), `reflabel-${prefix}-`));
  const staticDir = await withBuildLock(() => ensureRendererBuilt(() => {}));
  const context = await openAppContext(join(dir, 'e2e.db'), 'test', {
    choosePath: options.choosePath,
    modelsRoot: options.modelsRoot,
  });
  const server = await startApiServer({
    api,
    handlers: context.handlers,
    events: context.events,
    resolveDatasetFile: context.resolveDatasetFile,
    staticDir,
  });
  const browser = await launchChromium();
  return {
    dir,
    context,
    server,
    browser,
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      return { page, problems };
    },
    async close() {
      await browser.close();
      await server.close();
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
