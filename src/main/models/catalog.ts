// The model catalog (models/catalog.json): every model RefLabel can run, where its official files come from, and
// which methods need which models. Sizes and hashes are null where they could not be checked against the official
// files; the manager then records what it installed and holds later installs to that.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import bundledCatalog from '../../../models/catalog.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

/** A path inside the model's folder: relative, forward slashes, no '.' or '..' parts. */
const relativePath = z
  .string()
  .min(1)
  .refine((p) => p.split('/').every((part) => part !== '' && part !== '.' && part !== '..') && !p.includes('\\'), {
    message: 'must be a relative path inside the model folder',
  });

const modelFileSchema = z.object({
  path: relativePath,
  url: z.url({ protocol: /^https?$/ }),
  size: z.number().int().nonnegative().nullable(),
  sha256: sha256.nullable(),
  /** Display only, e.g. "599 MB", as the source lists it. */
  approxSize: z.string().optional(),
});

const modelSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  title: z.string().min(1),
  family: z.string().min(1),
  source: z.url(),
  licence: z.string().min(1),
  methods: z.array(z.string()),
  files: z.array(modelFileSchema).min(1),
});

const methodSchema = z.object({
  title: z.string().min(1),
  /** Every group must be met; a group is met by any one of its models. */
  requires: z.array(z.array(z.string()).min(1)),
});

const catalogSchema = z.object({
  version: z.literal(1),
  models: z.array(modelSchema),
  methods: z.record(z.string(), methodSchema),
});

export type ModelFile = z.infer<typeof modelFileSchema>;
export type ModelEntry = z.infer<typeof modelSchema>;
export type MethodEntry = z.infer<typeof methodSchema>;
export type Catalog = z.infer<typeof catalogSchema>;

/** Checks a catalog's shape and its cross-references; `source` names it in errors. */
export function parseCatalog(json: unknown, source: string): Catalog {
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const catalog = parsed.data;
  const ids = new Set<string>();
  for (const [i, model] of catalog.models.entries()) {
    if (ids.has(model.id)) throw new Error(`${source}: model ${i} repeats the id '${model.id}'`);
    ids.add(model.id);
    const paths = new Set<string>();
    for (const file of model.files) {
      if (paths.has(file.path)) throw new Error(`${source}: model '${model.id}' lists '${file.path}' twice`);
      paths.add(file.path);
    }
    for (const method of model.methods) {
      if (!(method in catalog.methods))
        throw new Error(`${source}: model '${model.id}' names unknown method '${method}'`);
    }
  }
  for (const [name, method] of Object.entries(catalog.methods)) {
    for (const id of method.requires.flat()) {
      if (!ids.has(id)) throw new Error(`${source}: method '${name}' requires unknown model '${id}'`);
    }
  }
  return catalog;
}

/** The catalog shipped with this build. */
export function defaultCatalog(): Catalog {
  return parseCatalog(bundledCatalog, 'models/catalog.json');
}

export async function loadCatalog(file: string): Promise<Catalog> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read the model catalog (${(err as Error).message})`, {
      cause: err,
    });
  }
  return parseCatalog(json, file);
}

export function findModel(catalog: Catalog, id: string): ModelEntry {
  const model = catalog.models.find((m) => m.id === id);
  if (!model) {
    throw new Error(`unknown model '${id}'; the catalog has ${catalog.models.map((m) => m.id).join(', ')}`);
  }
  return model;
}
