// Where the database lives when nobody says otherwise: the folder Electron's app.getPath('userData') gives an app
// named RefLabel, computed without Electron so the CLI and the browser-mode server find the same file.
import os from 'node:os';
import path from 'node:path';

const APP_FOLDER = 'RefLabel';
const DB_FILE = 'reflabel.db';

export interface PathEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  home: string;
}

function userDataFolder({ env, platform, home }: PathEnvironment): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_FOLDER);
}

/** `REFLABEL_DB` if set, else `<user data folder>/reflabel.db`. */
export function defaultDatabasePath(
  where: PathEnvironment = { env: process.env, platform: process.platform, home: os.homedir() },
): string {
  const override = where.env.REFLABEL_DB;
  if (override) return path.resolve(override);
  const folder = userDataFolder(where);
  return where.platform === 'win32' ? path.win32.join(folder, DB_FILE) : path.posix.join(folder, DB_FILE);
}
