// Child process for the pre-labeling crash test: starts a prelabel job through the app's own context and, as soon as
// at least KILL_AT expressions are recorded, kills itself with SIGKILL — a crash at a known point, not a timing guess.
// Usage: node --import tsx prelabel-job-child.ts DB_FILE KILL_AT PARAMS_JSON
import { openAppContext } from '../../../src/main/app/context';

const [dbFile, killAt, paramsJson] = process.argv.slice(2);
if (!dbFile || !killAt || !paramsJson) throw new Error('usage: prelabel-job-child.ts DB_FILE KILL_AT PARAMS_JSON');
const context = await openAppContext(dbFile, 'test');
context.events.onEvent((name, payload) => {
  const job = payload as { progress: { done: number } };
  if (name === 'job.progress' && job.progress.done >= Number(killAt)) process.kill(process.pid, 'SIGKILL');
});
const job = await context.jobs.start('prelabel', JSON.parse(paramsJson) as Record<string, unknown>);
await context.jobs.settled(job.id);
