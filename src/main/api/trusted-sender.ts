// Decides whether a frame URL belongs to RefLabel's own renderer, for the IPC binding's sender check.

/**
 * `allowed` lists the renderer's locations: http(s) origins (the dev server, e.g. 'http://localhost:5173') match any
 * page of that origin; file: URLs (the packaged index.html) match that one file only, because every file: URL shares
 * the opaque origin 'null' and an origin check would trust any local HTML file.
 */
export function trustedUrlCheck(allowed: readonly string[]): (url: string) => boolean {
  const origins = new Set<string>();
  const files = new Set<string>();
  for (const entry of allowed) {
    const parsed = new URL(entry);
    if (parsed.protocol === 'file:') files.add(parsed.pathname);
    else if (parsed.origin !== 'null') origins.add(parsed.origin);
    else throw new Error(`trusted renderer location '${entry}' has no origin to compare against`);
  }
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.protocol === 'file:') return files.has(parsed.pathname);
    return parsed.origin !== 'null' && origins.has(parsed.origin);
  };
}
