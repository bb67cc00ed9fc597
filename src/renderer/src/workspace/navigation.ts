// Next and previous image in the grid's order and filter. The grid passes the image's position; deciding an image
// can take it out of a filter (an unlabelled image once accepted), so the neighbour is looked up around that
// position rather than remembered.
import type { RefLabelApi } from '../../../shared/api';
import type { ApiClient } from '../../../shared/contract';
import type { ImageFilter } from '../app/image-filter';

export interface Neighbour {
  imageId: number;
  at: number;
}

export async function neighbourImage(
  client: ApiClient<RefLabelApi>,
  where: { datasetId: number; filter: ImageFilter; imageId: number; at: number },
  step: 1 | -1,
): Promise<Neighbour | null> {
  const { datasetId, filter, imageId, at } = where;
  if (step < 0) {
    if (at === 0) return null;
    const page = await client.call('images.list', { datasetId, filter, offset: at - 1, limit: 1 });
    return page.items[0] ? { imageId: page.items[0].id, at: at - 1 } : null;
  }
  const page = await client.call('images.list', { datasetId, filter, offset: at, limit: 2 });
  // Still in the list: the next is after it. Left the filter: the next has moved up into its place.
  const [first, second] = page.items;
  if (first && first.id !== imageId) return { imageId: first.id, at };
  return second ? { imageId: second.id, at: at + 1 } : null;
}

/** The ids of up to `count` images after this one in the grid's order, for work done ahead of time. */
export async function upcomingImages(
  client: ApiClient<RefLabelApi>,
  where: { datasetId: number; filter: ImageFilter; imageId: number; at: number },
  count: number,
): Promise<number[]> {
  const { datasetId, filter, imageId, at } = where;
  const page = await client.call('images.list', { datasetId, filter, offset: at, limit: count + 1 });
  return page.items
    .map((item) => item.id)
    .filter((id) => id !== imageId)
    .slice(0, count);
}
