// The shell: a header with navigation, jobs, theme and help, and the page the route names.
import { useState } from 'react';
import { useApi } from './api-context';
import { useHotkeys } from './app/hotkeys';
import { ShortcutSheet } from './app/ShortcutSheet';
import { useTheme } from './app/theme';
import { useLoad } from './app/use-load';
import { useRoute } from './app/use-route';
import { BrowserPage } from './browser/BrowserPage';
import { DatasetsPage } from './datasets/DatasetsPage';
import { EvalPage } from './eval/EvalPage';
import { isActive, useJobs } from './jobs/jobs-context';
import { JobsDrawer } from './jobs/JobsDrawer';
import { ModelsDialog } from './models/ModelsDialog';
import { ProviderBadge } from './models/ProviderBadge';
import { ReviewPage } from './review/ReviewPage';
import { WorkspacePage } from './workspace/WorkspacePage';

export function App() {
  const client = useApi();
  const [route, navigate] = useRoute();
  const [theme, toggleTheme] = useTheme();
  const [sheet, setSheet] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const [models, setModels] = useState(false);
  const { jobs } = useJobs();
  const running = jobs.filter(isActive).length;
  const datasetId = route.page === 'datasets' ? null : route.datasetId;
  const dataset = useLoad(datasetId === null ? null : `dataset-name/${datasetId}`, () =>
    client.call('datasets.get', { datasetId: datasetId as number }),
  );

  useHotkeys({
    '?': () => setSheet((open) => !open),
    'shift+j': () => setDrawer((open) => !open),
    'shift+t': toggleTheme,
  });

  return (
    <div className="app">
      <header className="app-header">
        <button className="brand" onClick={() => navigate({ page: 'datasets' })} data-testid="nav-datasets">
          RefLabel
        </button>
        <nav className="crumbs" aria-label="Location">
          {datasetId !== null && (
            <>
              <span className="muted">/</span>
              <button
                className="link"
                onClick={() => navigate({ page: 'browser', datasetId, filter: 'all' })}
                data-testid="nav-dataset"
              >
                {dataset.value?.name ?? '…'}
              </button>
            </>
          )}
          {route.page === 'review' && <span className="muted">/ review</span>}
          {route.page === 'eval' && <span className="muted">/ evaluation</span>}
        </nav>
        <span className="grow" />
        <button
          onClick={() => setDrawer((open) => !open)}
          aria-expanded={drawer}
          data-testid="jobs-button"
          title="Jobs (Shift+J)"
        >
          Jobs{running > 0 && <span className="pill running">{running}</span>}
        </button>
        <button onClick={() => setModels(true)} title="Models and methods" data-testid="models-button">
          Models
        </button>
        <ProviderBadge onClick={() => setModels(true)} />
        <button onClick={toggleTheme} title="Switch theme (Shift+T)" data-testid="theme-toggle">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button
          onClick={() => setSheet(true)}
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
          data-testid="help"
        >
          ?
        </button>
      </header>
      <main className="app-main">
        {route.page === 'datasets' && <DatasetsPage navigate={navigate} />}
        {route.page === 'browser' && (
          <BrowserPage datasetId={route.datasetId} filter={route.filter} navigate={navigate} />
        )}
        {route.page === 'review' && <ReviewPage datasetId={route.datasetId} navigate={navigate} />}
        {route.page === 'eval' && <EvalPage datasetId={route.datasetId} navigate={navigate} />}
        {route.page === 'workspace' && <WorkspacePage key={route.imageId} route={route} navigate={navigate} />}
      </main>
      {drawer && <JobsDrawer onClose={() => setDrawer(false)} />}
      {sheet && <ShortcutSheet onClose={() => setSheet(false)} />}
      {models && <ModelsDialog onClose={() => setModels(false)} />}
    </div>
  );
}
