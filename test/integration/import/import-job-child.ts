// Child process for the import crash test: starts an import job through the app's own context and, as soon as at
// least KILL_AT images are recorded, kills itself with SIGKILL — a crash at a known point, not a timing guess.
// Usage: node --import tsx import-job-child.ts DB_FILE FOLDER KILL_AT
import { openAppContext } from '../../../src/main/app/context';

const [dbFile, folder, killAt] = process.argv.slice(2);
if (!dbFile || !folder || !killAt) throw new Error('usage: import-job-child.ts DB_FILE FOLDER KILL_AT');
const context = await openAppContext(dbFile, 'test');
context.events.onEvent((name, payload) => {
  const job = payload as { progress: { done: number } };
  if (name === 'job.progress' && job.progress.done >= Number(killAt)) process.kill(process.pid, 'SIGKILL');
});
const job = await context.handlers['datasets.import']({ path: folder, name: 'crashy' });
await context.jobs.settled(job.id);
