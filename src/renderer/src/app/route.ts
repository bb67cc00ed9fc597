// Where the user is, kept in the URL hash so a reload (or Electron restart with the same URL) lands on the same
// screen, image and expression.
import type { ImageFilter } from './image-filter';
import { IMAGE_FILTERS } from './image-filter';

export type Route =
  | { page: 'datasets' }
  | { page: 'browser'; datasetId: number; filter: ImageFilter }
  | {
      page: 'workspace';
      datasetId: number;
      imageId: number;
      filter: ImageFilter;
      /** The image's position in the filtered list, for next/previous; null when opened by a bare link. */
      at: number | null;
      expressionId: number | null;
    }
  | { page: 'review'; datasetId: number }
  | { page: 'eval'; datasetId: number };

function positiveInt(text: string | null | undefined): number | null {
  if (text == null || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

function nonNegativeInt(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

function filterOf(text: string | null): ImageFilter {
  return (IMAGE_FILTERS as readonly string[]).includes(text ?? '') ? (text as ImageFilter) : 'all';
}

/** Unknown or malformed hashes fall back to the datasets page rather than to an error screen. */
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'datasets') return { page: 'datasets' };
  const datasetId = positiveInt(parts[1]);
  if (datasetId === null) return { page: 'datasets' };
  const filter = filterOf(params.get('filter'));
  if (parts.length === 2) return { page: 'browser', datasetId, filter };
  if (parts.length === 3 && parts[2] === 'review') return { page: 'review', datasetId };
  if (parts.length === 3 && parts[2] === 'eval') return { page: 'eval', datasetId };
  const imageId = positiveInt(parts[3]);
  if (parts.length === 4 && parts[2] === 'images' && imageId !== null) {
    return {
      page: 'workspace',
      datasetId,
      imageId,
      filter,
      at: nonNegativeInt(params.get('at')),
      expressionId: positiveInt(params.get('expr')),
    };
  }
  return { page: 'browser', datasetId, filter };
}

export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'datasets':
      return '#/datasets';
    case 'browser':
      return `#/datasets/${route.datasetId}${route.filter === 'all' ? '' : `?filter=${route.filter}`}`;
    case 'review':
      return `#/datasets/${route.datasetId}/review`;
    case 'eval':
      return `#/datasets/${route.datasetId}/eval`;
    case 'workspace': {
      const params = new URLSearchParams();
      if (route.filter !== 'all') params.set('filter', route.filter);
      if (route.at !== null) params.set('at', String(route.at));
      if (route.expressionId !== null) params.set('expr', String(route.expressionId));
      const query = params.toString();
      return `#/datasets/${route.datasetId}/images/${route.imageId}${query ? `?${query}` : ''}`;
    }
  }
}
