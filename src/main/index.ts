// Electron entry: one window on the renderer, the API bound to IPC, dataset images through the file protocol.
// Everything else lives in plain modules that the CLI and browser mode share.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { api } from '../shared/api';
import { bindIpc } from './api/ipc-binding';
import { FILE_PROTOCOL_PRIVILEGES, registerFileProtocol } from './api/file-protocol';
import { trustedUrlCheck } from './api/trusted-sender';
import { openAppContext, type AppContext } from './app/context';
import { denyPermissions, hardenApp } from './electron/security';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const preloadFile = join(import.meta.dirname, '../preload/index.cjs');

protocol.registerSchemesAsPrivileged([FILE_PROTOCOL_PRIVILEGES]);
hardenApp(app, devServerUrl);

function databaseFile(): string {
  const flag = process.argv.find((arg) => arg.startsWith('--db='));
  return flag?.slice('--db='.length) || process.env.REFLABEL_DB || join(app.getPath('userData'), 'reflabel.db');
}

/** The import form's "Browse…": the open dialog, attached to the window the user is working in. */
async function choosePath({ kind, title }: { kind: 'folder' | 'file'; title: string }): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title,
    properties: [kind === 'folder' ? 'openDirectory' : 'openFile'],
    ...(kind === 'file' ? { filters: [{ name: 'COCO / RefCOCO', extensions: ['json', 'p'] }] } : {}),
  };
  const window = BrowserWindow.getFocusedWindow();
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: 'RefLabel',
    webPreferences: { preload: preloadFile, contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererFile);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  denyPermissions(session.defaultSession);
  let context: AppContext;
  try {
    context = await openAppContext(databaseFile(), app.getVersion(), { choosePath });
  } catch (error) {
    dialog.showErrorBox('RefLabel cannot open its database', (error as Error).message);
    app.exit(1);
    return;
  }
  bindIpc({
    ipcMain,
    api,
    handlers: context.handlers,
    events: context.events,
    isTrustedSender: trustedUrlCheck([devServerUrl ?? pathToFileURL(rendererFile).href]),
  });
  registerFileProtocol({ protocol, resolveDatasetFile: context.resolveDatasetFile });
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void context.close().finally(() => app.exit(0));
  });
}

void start();
