// The first schema. Released migrations are never edited (their SHA-256 is checked on every open): change the
// schema with a new numbered file instead.
//
// Ids are AUTOINCREMENT so a deleted row's id is never handed out again: the renderer's undo stack, an open tab
// or an exported file that still holds an old id can never silently name a different record.
// Every foreign key has an index that starts with its column (a UNIQUE or PRIMARY KEY one where it exists), so
// cascades and joins never scan a table. Times are ISO 8601 UTC text with milliseconds, as Date#toISOString.
export const sql = `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  root TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE images (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  source_id INTEGER,
  UNIQUE (dataset_id, path)
);
CREATE INDEX images_by_source ON images(dataset_id, source_id);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  supercategory TEXT,
  source_id INTEGER,
  UNIQUE (dataset_id, name)
);

CREATE TABLE expressions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (length(trim(text)) > 0),
  split TEXT NOT NULL DEFAULT 'none' CHECK (split IN ('train', 'val', 'test', 'testA', 'testB', 'none')),
  ref_id INTEGER,
  sent_id INTEGER,
  ground_truth_id INTEGER REFERENCES annotations(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX expressions_by_image ON expressions(image_id);
CREATE INDEX expressions_by_ground_truth ON expressions(ground_truth_id);

CREATE TABLE proposal_sets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  preset TEXT NOT NULL,
  model TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (image_id, source, preset, model)
);

CREATE TABLE proposals (
  id INTEGER PRIMARY KEY,
  proposal_set_id INTEGER NOT NULL REFERENCES proposal_sets(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL CHECK (idx >= 0),
  mask TEXT NOT NULL,
  mask_h INTEGER NOT NULL CHECK (mask_h > 0),
  mask_w INTEGER NOT NULL CHECK (mask_w > 0),
  score REAL NOT NULL,
  area INTEGER NOT NULL CHECK (area >= 0),
  UNIQUE (proposal_set_id, idx)
);

CREATE TABLE candidates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  expression_id INTEGER NOT NULL REFERENCES expressions(id) ON DELETE CASCADE,
  proposal_set_id INTEGER REFERENCES proposal_sets(id) ON DELETE SET NULL,
  proposal_idx INTEGER,
  method TEXT NOT NULL,
  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  rank INTEGER NOT NULL CHECK (rank >= 1),
  score REAL NOT NULL,
  mask TEXT NOT NULL,
  mask_h INTEGER NOT NULL CHECK (mask_h > 0),
  mask_w INTEGER NOT NULL CHECK (mask_w > 0),
  heatmap_ref TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX candidates_by_expression ON candidates(expression_id, method, rank);
CREATE INDEX candidates_by_proposal_set ON candidates(proposal_set_id);

CREATE TABLE annotations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
  expression_id INTEGER REFERENCES expressions(id) ON DELETE SET NULL,
  mask TEXT NOT NULL,
  mask_h INTEGER NOT NULL CHECK (mask_h > 0),
  mask_w INTEGER NOT NULL CHECK (mask_w > 0),
  area INTEGER NOT NULL CHECK (area >= 0),
  bbox_x INTEGER NOT NULL,
  bbox_y INTEGER NOT NULL,
  bbox_w INTEGER NOT NULL,
  bbox_h INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'needs-review')),
  provenance TEXT NOT NULL CHECK (provenance IN ('candidate', 'manual', 'ground-truth')),
  edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
  candidate_id INTEGER REFERENCES candidates(id) ON DELETE SET NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  source_id INTEGER,
  -- COCO iscrowd of an imported annotation, kept so an export gives it back; RefLabel's own objects are never crowds.
  iscrowd INTEGER NOT NULL DEFAULT 0 CHECK (iscrowd IN (0, 1)),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
-- The image grid filters and badges ask "does this image have an annotation with this status / provenance".
CREATE INDEX annotations_by_image_status ON annotations(image_id, status);
CREATE INDEX annotations_by_image_provenance ON annotations(image_id, provenance);
CREATE INDEX annotations_by_category ON annotations(category_id);
CREATE INDEX annotations_by_expression ON annotations(expression_id);
CREATE INDEX annotations_by_candidate ON annotations(candidate_id);

CREATE TABLE annotation_versions (
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  mask TEXT NOT NULL,
  mask_h INTEGER NOT NULL CHECK (mask_h > 0),
  mask_w INTEGER NOT NULL CHECK (mask_w > 0),
  -- A foreign key too, so reverting to an old version can never restore a category that was deleted since.
  category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'needs-review')),
  edited INTEGER NOT NULL CHECK (edited IN (0, 1)),
  author TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (annotation_id, version)
);
CREATE INDEX annotation_versions_by_category ON annotation_versions(category_id);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled')),
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX jobs_by_state ON jobs(state);

CREATE TABLE job_items (
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  item_key TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  result TEXT,
  error TEXT,
  PRIMARY KEY (job_id, item_key)
);
CREATE INDEX job_items_by_state ON job_items(job_id, state);
`;
