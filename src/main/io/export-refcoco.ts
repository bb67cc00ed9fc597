// Builds RefCOCO-style refs for the exported annotations. Imported ground truth keeps its refs' ids and sentence
// ids; an annotation a person accepted for an expression becomes a ref of its own with new ids after the largest,
// so the two can sit in one file without clashing.
import type { Expression } from '../../shared/domain';
import type { CocoExportIds } from './export-coco';
import type { ExportData } from './export-data';
import { refSentence } from './refcoco-sentence';

export interface RefcocoRef {
  ref_id: number;
  ann_id: number;
  image_id: number;
  category_id: number;
  split: string;
  file_name: string;
  sent_ids: number[];
  sentences: { raw: string; sent: string; tokens: string[]; sent_id: number }[];
}

export function buildRefs(data: ExportData, ids: CocoExportIds): { refs: RefcocoRef[]; expressions: number } {
  const byId = new Map(data.expressions.map((e) => [e.id, e]));
  const imagePaths = new Map(data.images.map((image) => [image.id, image.path]));
  const groundTruthOf = new Map<number, Expression[]>();
  for (const e of data.expressions) {
    if (e.groundTruthId === null) continue;
    const list = groundTruthOf.get(e.groundTruthId) ?? [];
    list.push(e);
    groundTruthOf.set(e.groundTruthId, list);
  }

  // Groups of sentences that form one ref, in annotation order: an imported ref keeps its ref_id.
  const groups: { annotationId: number; refId: number | null; keepSentIds: boolean; expressions: Expression[] }[] = [];
  for (const annotation of data.annotations) {
    if (annotation.provenance === 'ground-truth') {
      const byRef = new Map<string, Expression[]>();
      for (const e of groundTruthOf.get(annotation.id) ?? []) {
        const key = e.refId === null ? `expression ${e.id}` : `ref ${e.refId}`;
        byRef.set(key, [...(byRef.get(key) ?? []), e]);
      }
      for (const expressions of byRef.values()) {
        groups.push({ annotationId: annotation.id, refId: expressions[0].refId, keepSentIds: true, expressions });
      }
    } else if (annotation.expressionId !== null && byId.has(annotation.expressionId)) {
      groups.push({
        annotationId: annotation.id,
        refId: null,
        keepSentIds: false,
        expressions: [byId.get(annotation.expressionId)!],
      });
    }
  }

  const usedRefIds = new Set(groups.flatMap((g) => (g.refId === null ? [] : [g.refId])));
  const usedSentIds = new Set(
    groups.flatMap((g) => (g.keepSentIds ? g.expressions.flatMap((e) => (e.sentId === null ? [] : [e.sentId])) : [])),
  );
  let nextRefId = Math.max(0, ...usedRefIds) + 1;
  let nextSentId = Math.max(0, ...usedSentIds) + 1;

  const annotations = new Map(data.annotations.map((a) => [a.id, a]));
  const refs = groups.map((group): RefcocoRef => {
    const annotation = annotations.get(group.annotationId)!;
    const sentences = group.expressions.map((e) =>
      refSentence(e.text, group.keepSentIds && e.sentId !== null ? e.sentId : nextSentId++),
    );
    const categoryId =
      annotation.categoryId !== null && ids.categories.has(annotation.categoryId)
        ? ids.categories.get(annotation.categoryId)!
        : ids.fallbackCategory!;
    return {
      ref_id: group.refId ?? nextRefId++,
      ann_id: ids.annotations.get(annotation.id)!,
      image_id: ids.images.get(annotation.imageId)!,
      category_id: categoryId,
      split: group.expressions[0].split,
      file_name: imagePaths.get(annotation.imageId)!,
      sent_ids: sentences.map((s) => s.sent_id),
      sentences,
    };
  });
  return { refs, expressions: refs.reduce((n, r) => n + r.sentences.length, 0) };
}
