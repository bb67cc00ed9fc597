// Content types by file extension, for dataset images and the built renderer. Anything unlisted is served as
// application/octet-stream, which (with nosniff) a browser will neither render nor execute.
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const OCTET_STREAM = 'application/octet-stream';

export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? OCTET_STREAM;
}

/**
 * Dataset folders are user data served from the app's own origin: an HTML or SVG file there must never render as a
 * document that could script the API, so only raster image types keep their type.
 */
export function datasetFileContentType(path: string): string {
  const type = contentTypeFor(path);
  return type.startsWith('image/') && type !== 'image/svg+xml' ? type : OCTET_STREAM;
}
