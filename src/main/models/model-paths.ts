// Where installed models live: <user data>/models/<model id>/<file path>, the user-data folder being the one the
// database lives in (so the CLI, the browser-mode server and the desktop app agree). REFLABEL_MODELS overrides it.
import os from 'node:os';
import path from 'node:path';
import { defaultDatabasePath, type PathEnvironment } from '../store/default-path';
import type { ModelEntry, ModelFile } from './catalog';

export function defaultModelsRoot(
  where: PathEnvironment = { env: process.env, platform: process.platform, home: os.homedir() },
): string {
  const override = where.env.REFLABEL_MODELS;
  if (override) return path.resolve(override);
  const userData = path.dirname(defaultDatabasePath({ ...where, env: { ...where.env, REFLABEL_DB: undefined } }));
  return path.join(userData, 'models');
}

export function modelDir(root: string, model: ModelEntry): string {
  return path.join(root, model.id);
}

export function modelFilePath(root: string, model: ModelEntry, file: ModelFile): string {
  return path.join(modelDir(root, model), ...file.path.split('/'));
}
