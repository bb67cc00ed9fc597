// Child process for crash.test.ts: saves annotations as fast as it can, from several concurrent loops, and prints
// each id on its own line only after its write has resolved — the moment a caller may tell a user "saved".
import { saveAnnotation } from '../../../src/main/services/annotations';
import { openStore } from '../../../src/main/store/open-store';
import { rect } from '../../unit/services/seed';

const [file, imageArg] = process.argv.slice(2);
const imageId = Number(imageArg);
const store = await openStore(file);
const masks = [rect(6, 8, 0, 0, 3, 3), rect(6, 8, 2, 1, 5, 4), rect(6, 8, 1, 2, 7, 2)];

async function loop(n: number): Promise<never> {
  for (let i = 0; ; i++) {
    const saved = await saveAnnotation(store, {
      imageId,
      mask: masks[(n + i) % masks.length],
      categoryId: null,
      expressionId: null,
      status: 'accepted',
      provenance: 'manual',
      author: 'user',
    });
    process.stdout.write(`${saved.id}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all([0, 1, 2, 3].map(loop));
