// A dataset's images: counts, filters, the virtualised grid, and the way to review, evaluate, pre-label and export.
import { useCallback, useState } from 'react';
import { useApi } from '../api-context';
import { formatCount } from '../app/format';
import type { ImageFilter } from '../app/image-filter';
import { useLoad } from '../app/use-load';
import type { Navigate } from '../app/use-route';
import { ExportDialog } from '../export/ExportDialog';
import { PrelabelDialog } from '../prelabel/PrelabelDialog';
import { FilterBar } from './FilterBar';
import { ImageGrid } from './ImageGrid';
import type { ImageListItem } from './image-pages';

export function BrowserPage({
  datasetId,
  filter,
  navigate,
}: {
  datasetId: number;
  filter: ImageFilter;
  navigate: Navigate;
}) {
  const client = useApi();
  const dataset = useLoad(`dataset/${datasetId}`, () => client.call('datasets.get', { datasetId }));
  const [shown, setShown] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const [prelabelling, setPrelabelling] = useState(false);
  const d = dataset.value;

  const open = useCallback(
    (item: ImageListItem, index: number) =>
      navigate({ page: 'workspace', datasetId, imageId: item.id, filter, at: index, expressionId: null }),
    [navigate, datasetId, filter],
  );

  return (
    <div className="page browser">
      <div className="toolbar">
        <div className="title-block">
          <h1 data-testid="dataset-name">{d?.name ?? '…'}</h1>
          {d && (
            <span className="muted small" data-testid="dataset-counts">
              {formatCount(d.images)} images · {formatCount(d.expressions)} expressions · {formatCount(d.accepted)}{' '}
              accepted · {formatCount(d.needsReview)} need review · {formatCount(d.groundTruth)} ground truth
            </span>
          )}
        </div>
        <FilterBar
          value={filter}
          onChange={(f) => navigate({ page: 'browser', datasetId, filter: f }, { replace: true })}
        />
        <span className="muted small shown">{shown === null ? '' : `${formatCount(shown)} shown`}</span>
        <button onClick={() => navigate({ page: 'review', datasetId })} data-testid="open-review">
          Review
        </button>
        <button onClick={() => navigate({ page: 'eval', datasetId })} data-testid="open-eval">
          Evaluate
        </button>
        <button onClick={() => setPrelabelling(true)} data-testid="open-prelabel" disabled={!d}>
          Pre-label…
        </button>
        <button className="primary" onClick={() => setExporting(true)} data-testid="open-export" disabled={!d}>
          Export…
        </button>
      </div>
      {dataset.error && <p className="error pad">{dataset.error}</p>}
      <ImageGrid
        key={`${datasetId}/${filter}`}
        datasetId={datasetId}
        filter={filter}
        onOpen={open}
        onTotal={setShown}
      />
      {exporting && d && <ExportDialog dataset={d} onClose={() => setExporting(false)} />}
      {prelabelling && d && <PrelabelDialog dataset={d} onClose={() => setPrelabelling(false)} />}
    </div>
  );
}
