// Heat maps: per expression, one grid per (method, kind) that explains where a method looked (CoMap, Grad-CAM,
// attention, GEM). The grid is small (at most 256 × 256; the UI upsamples it to the image) and stored as
// little-endian float32 values in [0, 1], row-major.
export const sql = `
CREATE TABLE heatmaps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  expression_id INTEGER NOT NULL REFERENCES expressions(id) ON DELETE CASCADE,
  method TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('comap', 'gradcam', 'attention', 'gem')),
  width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256),
  height INTEGER NOT NULL CHECK (height BETWEEN 1 AND 256),
  grid BLOB NOT NULL CHECK (length(grid) = width * height * 4),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (expression_id, method, kind)
);
`;
