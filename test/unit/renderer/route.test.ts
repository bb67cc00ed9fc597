import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRoute, parseRoute, type Route } from '../../../src/renderer/src/app/route';

describe('routes in the URL hash', () => {
  it('round-trips every page', () => {
    const routes: Route[] = [
      { page: 'datasets' },
      { page: 'browser', datasetId: 3, filter: 'all' },
      { page: 'browser', datasetId: 3, filter: 'needs-review' },
      { page: 'review', datasetId: 12 },
      { page: 'workspace', datasetId: 3, imageId: 17, filter: 'all', at: null, expressionId: null },
      { page: 'workspace', datasetId: 3, imageId: 17, filter: 'unlabelled', at: 0, expressionId: 9 },
    ];
    for (const route of routes) assert.deepEqual(parseRoute(formatRoute(route)), route);
  });

  it('writes the hashes a person can read', () => {
    assert.equal(formatRoute({ page: 'browser', datasetId: 3, filter: 'all' }), '#/datasets/3');
    assert.equal(
      formatRoute({ page: 'workspace', datasetId: 3, imageId: 17, filter: 'accepted', at: 4, expressionId: 9 }),
      '#/datasets/3/images/17?filter=accepted&at=4&expr=9',
    );
  });

  it('falls back to the datasets page or the grid on malformed hashes', () => {
    assert.deepEqual(parseRoute(''), { page: 'datasets' });
    assert.deepEqual(parseRoute('#/nowhere'), { page: 'datasets' });
    assert.deepEqual(parseRoute('#/datasets/0'), { page: 'datasets' });
    assert.deepEqual(parseRoute('#/datasets/x'), { page: 'datasets' });
    assert.deepEqual(parseRoute('#/datasets/4?filter=bogus'), { page: 'browser', datasetId: 4, filter: 'all' });
    assert.deepEqual(parseRoute('#/datasets/4/images/-1'), { page: 'browser', datasetId: 4, filter: 'all' });
    assert.deepEqual(parseRoute('#/datasets/4/images/7?at=x&expr=0'), {
      page: 'workspace',
      datasetId: 4,
      imageId: 7,
      filter: 'all',
      at: null,
      expressionId: null,
    });
  });
});
