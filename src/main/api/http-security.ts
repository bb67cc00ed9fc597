// Request checks and security headers for browser mode. Any web page the user visits can send requests to
// 127.0.0.1, so every API call needs the per-run token in a header (which a cross-origin page cannot set without a
// CORS preflight this server never answers), and requests must name this server in Host (against DNS rebinding)
// and, when they carry an Origin, come from this server's own origin.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

export function tokensEqual(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const WILDCARD = new Set(['0.0.0.0', '::', '']);

/**
 * The Host header values this server answers to, or null for any (listening on every interface, where the
 * reachable names are unknown; the token still guards every call).
 */
export function allowedHosts(host: string, port: number, extra: readonly string[]): Set<string> | null {
  if (WILDCARD.has(host)) return null;
  const names = LOOPBACK.has(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  return new Set([...names.map((name) => `${name}:${port}`), ...extra]);
}

/** 403 reasons, or null when Host and Origin are this server's own. */
export function originProblem(request: IncomingMessage, hosts: Set<string> | null): string | null {
  const host = request.headers.host;
  if (!host || (hosts && !hosts.has(host.toLowerCase()))) return 'unexpected Host header';
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return 'cross-origin request';
  return null;
}

/** Per port, because cookies ignore ports and two RefLabel servers on one machine must not evict each other. */
export function tokenCookieName(port: number): string {
  return `reflabel_token_${port}`;
}

export function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Lets <img src="/files/…"> authenticate: an image request cannot send the token header. HttpOnly keeps it from
 * scripts; SameSite=Strict keeps other sites' pages from riding on it.
 */
export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Sent with every response. */
export const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // The first page URL carries the token; no request may pass it on as a Referer.
  'Referrer-Policy': 'no-referrer',
};

export function htmlHeaders(host: string): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      // React and Konva set inline style attributes.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ws://${host}`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    // index.html may set the token cookie; never store it.
    'Cache-Control': 'no-store',
  };
}
