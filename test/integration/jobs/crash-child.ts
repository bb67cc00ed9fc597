// Child process for the crash test: starts a square job on the given database and runs it until it is killed.
// Usage: node --import tsx crash-child.ts DB_FILE LOG_FILE
import { openStore } from '../../../src/main/store/open-store';
import { createJobRunner } from '../../../src/main/jobs/job-runner';
import { squareKind } from './square-kind';
import { CRASH_JOB } from './crash-job';

const [dbFile, logFile] = process.argv.slice(2);
if (!dbFile || !logFile) throw new Error('usage: crash-child.ts DB_FILE LOG_FILE');
const store = await openStore(dbFile);
const runner = createJobRunner({
  store,
  kinds: [squareKind({ concurrency: CRASH_JOB.concurrency, log: logFile, saveCommits: true }).kind],
});
const job = await runner.start('square', CRASH_JOB.params);
process.stdout.write(`job ${job.id}\n`);
await runner.settled(job.id);
