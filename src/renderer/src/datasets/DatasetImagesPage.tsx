import { useEffect, useState } from 'react';
import type { DatasetSummary, ImageRecord } from '../../../shared/domain';
import { useApi } from '../api-context';

const PAGE = 60;

export function DatasetImagesPage({ datasetId }: { datasetId: number }) {
  const client = useApi();
  const [dataset, setDataset] = useState<DatasetSummary | null>(null);
  const [images, setImages] = useState<ImageRecord[]>([]);
  const [total, setTotal] = useState(0);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.call('datasets.get', { datasetId }).then(setDataset, (e: Error) => setError(e.message));
  }, [client, datasetId]);

  useEffect(() => {
    client.call('images.list', { datasetId, offset, limit: PAGE }).then(
      (page) => {
        setImages(page.items);
        setTotal(page.total);
      },
      (e: Error) => setError(e.message),
    );
  }, [client, datasetId, offset]);

  return (
    <section>
      <h2>{dataset?.name ?? '…'}</h2>
      {error && <p className="error">{error}</p>}
      <p className="muted">
        {total === 0 ? 'No images' : `Images ${offset + 1}–${Math.min(offset + PAGE, total)} of ${total}`}{' '}
        <button className="link" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          previous
        </button>{' '}
        <button className="link" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          next
        </button>
      </p>
      <div className="grid" data-testid="image-grid">
        {images.map((image) => (
          <figure key={image.id}>
            <img src={client.fileUrl(datasetId, image.path)} alt={image.path} loading="lazy" />
            <figcaption title={image.path}>
              {image.path} <span className="muted">{`${image.width}×${image.height}`}</span>
            </figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
