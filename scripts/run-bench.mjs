// Runs every bench/*.bench.ts (or the ones named) one after another; each prints its own figures.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const named = process.argv.slice(2);
const files = named.length
  ? named
  : readdirSync('bench')
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()
      .map((f) => join('bench', f));
let failed = 0;
for (const file of files) {
  console.log(`# ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
