import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RefLabelApi } from '../../../src/shared/api';
import type { ApiClient } from '../../../src/shared/contract';
import { upcomingImages } from '../../../src/renderer/src/workspace/navigation';

/** A client whose images.list pages through these ids, recording each call. */
function listing(ids: number[], calls: unknown[] = []): ApiClient<RefLabelApi> {
  const call = async (op: string, input: { offset: number; limit: number }) => {
    calls.push({ op, ...input });
    return { total: ids.length, items: ids.slice(input.offset, input.offset + input.limit).map((id) => ({ id })) };
  };
  return { call } as unknown as ApiClient<RefLabelApi>;
}

const where = { datasetId: 1, filter: 'all' as const };

describe('upcoming images', () => {
  it('gives the next images after this one', async () => {
    const calls: unknown[] = [];
    assert.deepEqual(
      await upcomingImages(listing([10, 11, 12, 13, 14], calls), { ...where, imageId: 11, at: 1 }, 3),
      [12, 13, 14],
    );
    assert.deepEqual(calls, [{ op: 'images.list', datasetId: 1, filter: 'all', offset: 1, limit: 4 }]);
  });

  it('counts from the position when the image has left the filter', async () => {
    assert.deepEqual(await upcomingImages(listing([10, 12, 13, 14]), { ...where, imageId: 11, at: 1 }, 2), [12, 13]);
  });

  it('stops at the end of the list', async () => {
    assert.deepEqual(await upcomingImages(listing([10, 11]), { ...where, imageId: 11, at: 1 }, 3), []);
  });
});
