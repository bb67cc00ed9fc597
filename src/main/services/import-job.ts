// Imports as a job: each image is an item (probing reads and hashes it, the slow part), so an import interrupted by
// a crash or a quit continues where it stopped; the dataset itself is written by the finish step in one
// transaction, so it appears whole or not at all.
import { z } from 'zod';
import { resolve } from 'node:path';
import type { ImportReport } from '../../shared/domain';
import { defineJobKind } from '../jobs/job-kind';
import { ImportProblems } from '../io/import-progress';
import { probeImage } from '../io/image-probe';
import { resolveInsideRoot } from '../io/paths';
import type { ProbedImage } from '../io/probe-images';
import type { Store } from '../store/types';
import { buildImport, checkNameFree, importSubject, planImport, type ImportPlan } from './import';

export const IMPORT_JOB = 'import';

const paramsSchema = z.object({
  path: z.string().min(1),
  name: z.string().trim().min(1).optional(),
  imagesDir: z.string().min(1).optional(),
  refsFile: z.string().min(1).optional(),
});

export type ImportJobParams = z.infer<typeof paramsSchema>;

type Probe = Omit<ProbedImage, 'path'>;

export function importJobKind(store: Store) {
  // Plans are kept per job so items need not re-read a large JSON; after a restart the first item plans again.
  const plans = new Map<number, Promise<ImportPlan>>();
  const planOf = (jobId: number, params: ImportJobParams): Promise<ImportPlan> => {
    let plan = plans.get(jobId);
    if (!plan) {
      // Items only need the root; the folder was scanned when the job was planned.
      plan = planImport(params, []);
      plans.set(jobId, plan);
    }
    return plan;
  };

  return defineJobKind<ImportJobParams, Probe>({
    kind: IMPORT_JOB,
    // Paths are made absolute when the job is created, so a resumed job never depends on a later working folder.
    parseParams: (params) => {
      const parsed = paramsSchema.parse(params);
      return {
        ...parsed,
        path: resolve(parsed.path),
        ...(parsed.imagesDir ? { imagesDir: resolve(parsed.imagesDir) } : {}),
      };
    },
    concurrency: 4,
    async listItems(params) {
      const plan = await planImport(params);
      await checkNameFree(store, plan.name);
      return plan.paths;
    },
    async runItem(key, params, ctx) {
      const plan = await planOf(ctx.jobId, params);
      const { width, height, orientation, format, bytes, sha256 } = await probeImage(resolveInsideRoot(plan.root, key));
      return { width, height, orientation, format, bytes, sha256 };
    },
    async finish(params, items, ctx) {
      plans.delete(ctx.jobId);
      const folderPaths = [...items.results.keys(), ...items.failures.map((f) => f.key)];
      const plan = await planImport(params, folderPaths);
      const problems = new ImportProblems(importSubject(plan));
      for (const failure of items.failures) problems.add(`image file '${failure.key}': ${failure.error}`);
      problems.throwIfAny();
      const probes = new Map<string, ProbedImage>();
      for (const [path, probe] of items.results) probes.set(path, { path, ...probe });
      const write = buildImport(plan, probes);
      return async (tx) => ({ ...(await write(tx)) }) satisfies ImportReport & Record<string, unknown>;
    },
  });
}
