// Decodes URL path segments for file lookups. Decoding happens before any path is built, so '%2e%2e' and '%2f' are
// judged as the '..' and '/' they stand for; such segments are refused outright rather than normalised away.
import { ApiError } from '../../shared/contract';

/** `what` names the request in error messages, e.g. 'file request'. */
export function decodePathSegments(segments: readonly string[], what: string): string[] {
  return segments.map((segment) => {
    let text: string;
    try {
      text = decodeURIComponent(segment);
    } catch {
      throw new ApiError('bad-request', `${what}: malformed percent-encoding in the path`);
    }
    if (text.includes('\0')) throw new ApiError('bad-request', `${what}: NUL in the path`);
    if (text === '' || text === '.' || text === '..' || /[/\\]/.test(text)) {
      throw new ApiError('forbidden', `${what}: the path must stay inside its folder`);
    }
    return text;
  });
}
