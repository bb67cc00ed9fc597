// A small API declared with the real mechanism, for the transport tests. Its handlers compute answers from their
// inputs, so each test can know the expected value without the handler's help.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { API_ERROR_CODES, ApiError, defineApi, op, type ApiHandlers } from '../../../src/shared/contract';
import { createEventHub } from '../../../src/main/api/event-hub';

export const testApi = defineApi(
  {
    'items.describe': op({
      input: z.object({ id: z.number().int().positive(), tags: z.array(z.string()).default([]) }),
      output: z.object({ id: z.number(), label: z.string(), tagCount: z.number() }),
    }),
    'items.fail': op({ input: z.object({ code: z.enum(API_ERROR_CODES) }), output: z.null() }),
    'items.crash': op({ input: z.void(), output: z.null() }),
    'items.wrongOutput': op({ input: z.void(), output: z.object({ n: z.number() }) }),
    'items.date': op({ input: z.void(), output: z.unknown() }),
    'app.ping': op({ input: z.void(), output: z.literal('pong') }),
    'app.touch': op({ input: z.void(), output: z.void() }),
  },
  {
    events: {
      'job.progress': z.object({ jobId: z.number().int(), done: z.number().int() }),
      'job.finished': z.object({ jobId: z.number().int() }),
    },
  },
);

export type TestApi = typeof testApi;

export const SECRET_IN_CRASH = '/home/alice/private/db.sqlite';

export const testHandlers: ApiHandlers<TestApi> = {
  'items.describe': async ({ id, tags }) => ({ id, label: `item ${id}`, tagCount: tags.length }),
  'items.fail': async ({ code }) => {
    throw new ApiError(code, `refused with ${code}`);
  },
  'items.crash': async () => {
    throw new Error(`SQLITE_CANTOPEN: ${SECRET_IN_CRASH}`);
  },
  // Deliberately wrong: the output check must notice.
  'items.wrongOutput': async () => ({ n: 'seven' }) as unknown as { n: number },
  'items.date': async () => ({ when: new Date(0) }),
  'app.ping': async () => 'pong',
  'app.touch': async () => undefined,
};

export function testHub() {
  return createEventHub(testApi, { checkPayloads: true });
}

/** A log that keeps its lines, so tests can check what reached the log and what did not reach the caller. */
export function memoryLog() {
  const lines: string[] = [];
  const log = (message: string, error?: unknown) => {
    lines.push(error === undefined ? message : `${message} ${String((error as Error)?.message ?? error)}`);
  };
  return { lines, log };
}

/**
 * tmp/
 *   secret.txt                 (outside the dataset)
 *   root/photo.png, root/sub dir/a b.jpg, root/page.html, root/link-out -> ../secret.txt, root/dir-link -> ..
 */
export async function datasetFolder() {
  const dir = await mkdtemp(join(tmpdir(), 'reflabel-api-'));
  const root = join(dir, 'root');
  await mkdir(join(root, 'sub dir'), { recursive: true });
  const photo = Buffer.alloc(70_000);
  for (let i = 0; i < photo.length; i++) photo[i] = (i * 31 + 7) & 0xff;
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
  const secret = 'TOP SECRET outside the dataset';
  await writeFile(join(root, 'photo.png'), photo);
  await writeFile(join(root, 'sub dir', 'a b.jpg'), jpeg);
  await writeFile(join(root, 'page.html'), '<script>alert(1)</script>');
  await writeFile(join(dir, 'secret.txt'), secret);
  await symlink(join(dir, 'secret.txt'), join(root, 'link-out'));
  await symlink(dir, join(root, 'dir-link'));
  return { dir, root, photo, jpeg, secret, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
