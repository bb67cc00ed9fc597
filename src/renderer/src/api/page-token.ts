// Browser mode's token arrives once in the page URL (?token=…). It is kept in sessionStorage, so a reload still
// works, and removed from the address bar, so it is not left in history, bookmarks or a screen share.
import { HTTP_TRANSPORT } from '../../../shared/contract';

const STORAGE_KEY = 'reflabel.token';

export interface PageEnvironment {
  location: { href: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

export function takePageToken(page: PageEnvironment): string | null {
  const url = new URL(page.location.href);
  const token = url.searchParams.get(HTTP_TRANSPORT.tokenParam);
  if (token === null) return page.sessionStorage.getItem(STORAGE_KEY);
  page.sessionStorage.setItem(STORAGE_KEY, token);
  url.searchParams.delete(HTTP_TRANSPORT.tokenParam);
  page.history.replaceState(page.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token;
}
