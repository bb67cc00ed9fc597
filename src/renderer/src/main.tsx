import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ApiProvider } from './api-context';
import { JobsProvider } from './jobs/jobs-context';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider>
      <JobsProvider>
        <App />
      </JobsProvider>
    </ApiProvider>
  </StrictMode>,
);
