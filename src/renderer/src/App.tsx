import { useState } from 'react';
import { DatasetsPage } from './datasets/DatasetsPage';
import { DatasetImagesPage } from './datasets/DatasetImagesPage';

export function App() {
  const [datasetId, setDatasetId] = useState<number | null>(null);
  return (
    <>
      <header className="app-header">
        <h1>RefLabel</h1>
        {datasetId !== null && (
          <button className="link" onClick={() => setDatasetId(null)} data-testid="nav-datasets">
            ← Datasets
          </button>
        )}
      </header>
      <main>
        {datasetId === null ? <DatasetsPage onOpen={setDatasetId} /> : <DatasetImagesPage datasetId={datasetId} />}
      </main>
    </>
  );
}
