// One API client for the whole UI, whichever transport the page runs on (Electron preload or browser mode).
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../shared/contract';
import { api, type RefLabelApi } from '../../shared/api';
import { createApiClient } from './api/client';

const ApiContext = createContext<ApiClient<RefLabelApi> | null>(null);

export function ApiProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => createApiClient(api));
  useEffect(() => () => client.close(), [client]);
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient<RefLabelApi> {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}
