// The whole preload: expose the declared operations and event subscription as window.reflabel, forwarding to the
// IPC binding. Nothing else crosses the bridge (no ipcRenderer, no Node). See src/main/api/preload-bridge.ts.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeApi } from '../main/api/preload-bridge';
import { api } from '../shared/api';

exposeApi(contextBridge, ipcRenderer, api);
