// Browser mode serves the same renderer bundle Electron loads. A fresh checkout has none yet, and a checkout that
// moved on has a stale one, so `reflabel serve` builds it with Vite when any source it bundles is newer than the
// bundle, instead of asking for a separate build step.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export async function ensureRendererBuilt(log: (message: string) => void): Promise<string> {
  const { rendererConfig, rendererOutDir, rendererRoot } = await import('../../../vite.renderer.config');
  const builtAt = statSync(join(rendererOutDir, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  // The renderer also bundles pure modules from src/main (masks, evaluation charts): watch all of src/, since a
  // stale bundle costs more than an occasional needless rebuild.
  const sources = [resolve(rendererRoot, '..')];
  if (sources.some((dir) => newestMtime(dir) > builtAt)) {
    log('building the user interface…');
    const { build } = await import('vite');
    await build({ ...rendererConfig, logLevel: 'warn' });
  }
  return rendererOutDir;
}
