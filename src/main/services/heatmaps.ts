// Heat maps the methods leave beside their candidates (CoMap, Grad-CAM, attention, GEM): one small grid per
// (expression, method, kind), replaced when the method runs again.
import type { z } from 'zod';
import { HEATMAP_MAX_SIDE, type heatmapKindSchema, type heatmapSchema } from '../../shared/api';
import { NotFoundError } from '../store/errors';
import type { Store } from '../store/types';

export type HeatmapKind = z.output<typeof heatmapKindSchema>;
export type Heatmap = z.output<typeof heatmapSchema>;

export interface SaveHeatmapInput {
  expressionId: number;
  method: string;
  kind: HeatmapKind;
  width: number;
  height: number;
  /** Row-major, width × height values in [0, 1]. */
  values: readonly number[];
}

interface HeatmapRow {
  id: number;
  expression_id: number;
  method: string;
  kind: HeatmapKind;
  width: number;
  height: number;
  grid: Uint8Array;
}

const COLUMNS = 'id, expression_id, method, kind, width, height, grid';

function checkInput(input: SaveHeatmapInput): void {
  const record = `heat map '${input.kind}' of expression ${input.expressionId} by '${input.method}'`;
  if (input.method.trim() === '') throw new Error(`${record}: the method is empty`);
  for (const [name, side] of [
    ['width', input.width],
    ['height', input.height],
  ] as const) {
    if (!Number.isInteger(side) || side < 1 || side > HEATMAP_MAX_SIDE)
      throw new Error(`${record}: ${name} ${side} is not a whole number from 1 to ${HEATMAP_MAX_SIDE}`);
  }
  if (input.values.length !== input.width * input.height)
    throw new Error(
      `${record}: ${input.values.length} values for a ${input.width} × ${input.height} grid (${input.width * input.height})`,
    );
  const bad = input.values.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) throw new Error(`${record}: value ${bad} (${input.values[bad]}) is not in [0, 1]`);
}

function toBlob(values: readonly number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new Uint8Array(view.buffer);
}

function toHeatmap(row: HeatmapRow): Heatmap {
  const view = new DataView(row.grid.buffer, row.grid.byteOffset, row.grid.byteLength);
  const values = new Array<number>(row.width * row.height);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return {
    id: row.id,
    expressionId: row.expression_id,
    method: row.method,
    kind: row.kind,
    width: row.width,
    height: row.height,
    values,
  };
}

export function saveHeatmap(store: Store, input: SaveHeatmapInput): Promise<Heatmap> {
  checkInput(input);
  return store.write(async (tx) => {
    const expression = await tx.get('SELECT id FROM expressions WHERE id = ?', [input.expressionId]);
    if (!expression) throw new NotFoundError(`expression ${input.expressionId} not found`);
    const row = await tx.get<HeatmapRow>(
      `INSERT INTO heatmaps (expression_id, method, kind, width, height, grid) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (expression_id, method, kind) DO UPDATE SET
         width = excluded.width, height = excluded.height, grid = excluded.grid,
         created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       RETURNING ${COLUMNS}`,
      [input.expressionId, input.method, input.kind, input.width, input.height, toBlob(input.values)],
    );
    return toHeatmap(row as HeatmapRow);
  });
}

/** An expression's heat maps, by method then kind. */
export async function listHeatmaps(store: Store, expressionId: number): Promise<Heatmap[]> {
  const rows = await store.read((db) =>
    db.all<HeatmapRow>(`SELECT ${COLUMNS} FROM heatmaps WHERE expression_id = ? ORDER BY method, kind`, [expressionId]),
  );
  return rows.map(toHeatmap);
}
