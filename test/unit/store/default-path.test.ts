import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultDatabasePath } from '../../../src/main/store/default-path';

describe('defaultDatabasePath', () => {
  it('prefers REFLABEL_DB, made absolute', () => {
    const file = defaultDatabasePath({ env: { REFLABEL_DB: 'rel/my.db' }, platform: 'linux', home: '/home/ann' });
    assert.equal(file, path.resolve('rel/my.db'));
  });

  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    assert.equal(
      defaultDatabasePath({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', home: '/home/ann' }),
      '/cfg/RefLabel/reflabel.db',
    );
    assert.equal(
      defaultDatabasePath({ env: {}, platform: 'linux', home: '/home/ann' }),
      '/home/ann/.config/RefLabel/reflabel.db',
    );
  });

  it('uses Application Support on macOS', () => {
    assert.equal(
      defaultDatabasePath({ env: { XDG_CONFIG_HOME: '/ignored' }, platform: 'darwin', home: '/Users/ann' }),
      '/Users/ann/Library/Application Support/RefLabel/reflabel.db',
    );
  });

  it('uses %APPDATA% on Windows, else the roaming folder under the profile', () => {
    assert.equal(
      defaultDatabasePath({
        env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\ann',
      }),
      'C:\\Users\\ann\\AppData\\Roaming\\RefLabel\\reflabel.db',
    );
    assert.equal(
      defaultDatabasePath({ env: {}, platform: 'win32', home: 'C:\\Users\\ann' }),
      'C:\\Users\\ann\\AppData\\Roaming\\RefLabel\\reflabel.db',
    );
  });
});
