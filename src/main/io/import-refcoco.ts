// RefCOCO / RefCOCO+ / RefCOCOg: a folder with the COCO-format instances.json and a refs file (the original
// refs(*).p pickle or the same list as JSON). Objects become ground-truth annotations and every sentence an
// expression that points at its object, with the ref's split — all in one transaction.
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SPLITS, type ImportReport, type Split } from '../../shared/domain';
import { insertExpressions, type NewExpression } from '../services/expressions';
import type { SqlWriter } from '../store/types';
import { writeCoco, type PreparedCoco } from './import-coco';
import { ImportProblems } from './import-progress';
import type { RefRecord } from './refs-schema';

const SPLIT_NAMES: ReadonlySet<string> = new Set<Split>(SPLITS);
const REFS_FILE = /^refs.*\.(p|json)$/i;

export async function findRefsFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => REFS_FILE.test(name)).sort();
}

export async function chooseRefsFile(dir: string, refsFile: string | undefined): Promise<string> {
  if (refsFile) return resolve(dir, refsFile);
  const found = await findRefsFiles(dir);
  if (found.length === 0) throw new Error(`${dir}: no refs(*).p or refs*.json file`);
  if (found.length > 1) {
    throw new Error(`${dir}: several refs files (${found.join(', ')}); choose one with --refs`);
  }
  return join(dir, found[0]);
}

/** One expression per sentence; every ref is checked against the instances it points into. */
export function refsToExpressions(
  refs: readonly RefRecord[],
  refsName: string,
  prepared: PreparedCoco,
  ids: { imageIds: Map<number, number>; annotationIds: Map<number, number> },
): { expressions: NewExpression[]; warnings: string[] } {
  const problems = new ImportProblems(refsName);
  const empty: string[] = [];
  const annotations = new Map(prepared.coco.annotations.map((a) => [a.id, a]));
  const out: NewExpression[] = [];
  for (const ref of refs) {
    const at = `ref ${ref.refId}`;
    const annotation = annotations.get(ref.annId);
    if (!annotation) {
      problems.add(`${at}: ann_id ${ref.annId} is not in ${basename(prepared.file)}`);
      continue;
    }
    if (annotation.imageId !== ref.imageId) {
      problems.add(`${at}: image_id ${ref.imageId} but annotation ${ref.annId} is on image ${annotation.imageId}`);
      continue;
    }
    if (annotation.categoryId !== ref.categoryId) {
      problems.add(`${at}: category_id ${ref.categoryId} but annotation ${ref.annId} has ${annotation.categoryId}`);
      continue;
    }
    if (!SPLIT_NAMES.has(ref.split)) {
      problems.add(`${at}: split '${ref.split}' is not one of ${SPLITS.join(', ')}`);
      continue;
    }
    for (const sentence of ref.sentences) {
      const text = sentence.raw.trim() || sentence.sent.trim();
      // The original RefCOCO files hold a few empty sentences; nothing refers with them, so they are left out.
      if (!text) {
        empty.push(`${ref.refId}/${sentence.sentId}`);
        continue;
      }
      out.push({
        imageId: ids.imageIds.get(ref.imageId)!,
        text,
        split: ref.split as Split,
        refId: ref.refId,
        sentId: sentence.sentId,
        groundTruthId: ids.annotationIds.get(ref.annId)!,
      });
    }
  }
  problems.throwIfAny();
  const warnings = empty.length
    ? [`${refsName}: ${empty.length} empty sentence(s) skipped (ref/sent ids ${empty.slice(0, 10).join(', ')})`]
    : [];
  return { expressions: out, warnings };
}

export function refcocoWriter(
  prepared: PreparedCoco,
  refs: readonly RefRecord[],
  refsName: string,
  name: string,
): (tx: SqlWriter) => Promise<ImportReport> {
  return async (tx) => {
    const written = await writeCoco(tx, prepared, name);
    const { expressions, warnings } = refsToExpressions(refs, refsName, prepared, written);
    await insertExpressions(tx, expressions);
    return {
      datasetId: written.datasetId,
      images: prepared.coco.images.length,
      categories: prepared.coco.categories.length,
      annotations: prepared.coco.annotations.length,
      expressions: expressions.length,
      warnings,
    };
  };
}
