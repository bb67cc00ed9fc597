// kill -9 a process in the middle of saving: every write it acknowledged must be there afterwards, intact.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../../src/main/store/open-store';
import { seedDataset } from '../../unit/services/seed';
import { tempDir } from '../../unit/store/temp-store';

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const REPO = path.resolve(path.dirname(WRITER), '../../..');

/** Runs the writer until it has acknowledged `acks` saves (plus a random few), then SIGKILLs it. */
function runAndKill(file: string, imageId: number, acks: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, String(imageId)], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ids: number[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const target = acks + Math.floor(Math.random() * 20);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') return;
      ids.push(Number(line));
      if (ids.length === target) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(ids);
      else reject(new Error(`writer exited with ${code} before being killed: ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it(
    'keeps every acknowledged annotation, with its history, through repeated kill -9',
    { timeout: 60_000 },
    async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'crash.db');
      try {
        const seedStore = await openStore(file);
        const [imageId] = (await seedDataset(seedStore, 'crash', ['c.jpg'])).imageIds;
        await seedStore.close();
        const acknowledged: number[] = [];
        for (let round = 0; round < 3; round++) {
          const ids = await runAndKill(file, imageId, 150);
          assert.ok(ids.length >= 150);
          acknowledged.push(...ids);

          const store = await openStore(file);
          const check = await store.read((db) => db.all<{ integrity_check: string }>('PRAGMA integrity_check'));
          assert.deepEqual(check, [{ integrity_check: 'ok' }]);
          const fk = await store.read((db) => db.all('PRAGMA foreign_key_check'));
          assert.deepEqual(fk, []);
          const present = new Set(
            (await store.read((db) => db.all<{ id: number }>('SELECT id FROM annotations'))).map((r) => r.id),
          );
          const missing = acknowledged.filter((id) => !present.has(id));
          assert.deepEqual(missing, [], `round ${round}: acknowledged but lost`);
          const orphans = await store.read((db) =>
            db.get<{ n: number }>(
              `SELECT COUNT(*) AS n FROM annotations a
             WHERE NOT EXISTS (SELECT 1 FROM annotation_versions v WHERE v.annotation_id = a.id AND v.version = a.version)`,
            ),
          );
          assert.equal(orphans?.n, 0, 'every annotation has the version row written with it');
          await store.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
