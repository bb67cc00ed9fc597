// The renderer's Vite config, shared by electron-vite (Electron) and by `reflabel serve` (browser mode),
// so both transports run the very same bundle.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

export const rendererRoot = resolve(import.meta.dirname, 'src/renderer');
export const rendererOutDir = resolve(import.meta.dirname, 'out/renderer');

export const rendererConfig: UserConfig = {
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    rollupOptions: { input: resolve(rendererRoot, 'index.html') },
  },
};
