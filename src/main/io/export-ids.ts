// Ids in exported files. A record keeps the id it had in the file it was imported from, so a COCO or RefCOCO
// dataset exports with its own ids and other tools' references stay valid; records RefLabel created get ids after
// the largest such id, in creation order. Re-exporting therefore gives every record the same id as last time.
export interface IdSource {
  id: number;
  sourceId: number | null;
}

export function exportIds(rows: readonly IdSource[]): Map<number, number> {
  const out = new Map<number, number>();
  const taken = new Set<number>();
  for (const row of rows) {
    if (row.sourceId !== null && row.sourceId > 0 && !taken.has(row.sourceId)) {
      taken.add(row.sourceId);
      out.set(row.id, row.sourceId);
    }
  }
  let next = taken.size ? Math.max(...taken) + 1 : 1;
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    if (!out.has(row.id)) out.set(row.id, next++);
  }
  return out;
}
