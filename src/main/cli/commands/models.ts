// `reflabel models list|install|remove`: what is installed (per model and per method) and installing official
// weights, downloaded or taken from a folder the user already has.
import cliProgress from 'cli-progress';
import { defaultCatalog, findModel, loadCatalog, type Catalog } from '../../models/catalog';
import { installModel, removeModel, type InstallProgress } from '../../models/install';
import { defaultModelsRoot } from '../../models/model-paths';
import { methodStatus, modelStatus, type ModelStatus } from '../../models/status';
import { compileClipCommand } from '../../vision/clip/compile-command';
import { compileSamCommand } from '../../vision/sam/model/compile-command';
import { CliUsageError, parseCommandArgs } from '../usage';

const COMMON = {
  'models-dir': { type: 'string' },
  catalog: { type: 'string' },
} as const;

type Subcommand = (argv: string[]) => Promise<void>;

// Graph compilation (`models compile`) belongs to the graph builder and joins this map beside install.
const subcommands: Record<string, Subcommand> = { list, install, remove, compile };

/** `models compile --family F …`, handed to the family's compiler with the whole argument list. */
const compilers: Record<string, Subcommand> = { clip: compileClipCommand, sam: compileSamCommand };

async function compile(argv: string[]): Promise<void> {
  const i = argv.indexOf('--family');
  const family = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--family='))?.slice('--family='.length);
  const run = family ? compilers[family] : undefined;
  if (!run) throw new CliUsageError(`models compile: --family must be one of ${Object.keys(compilers).join(', ')}`);
  await run(argv);
}

export const MODELS_USAGE =
  'models list [--json] [--verify] | models install NAME... [--from DIR [--link]] | models remove NAME... ' +
  '[--models-dir DIR] | models compile --family clip|sam --weights DIR --variant V [--out FILE.onnx]';

export async function modelsCommand(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const run = name ? subcommands[name] : undefined;
  if (!run) {
    throw new CliUsageError(
      name ? `unknown models command '${name}'` : `say one of ${Object.keys(subcommands).join(', ')}`,
    );
  }
  await run(rest);
}

async function setup(values: { 'models-dir'?: string; catalog?: string }): Promise<{ catalog: Catalog; root: string }> {
  const catalog = values.catalog ? await loadCatalog(values.catalog) : defaultCatalog();
  const root = values['models-dir'] ? values['models-dir'] : defaultModelsRoot();
  return { catalog, root };
}

async function list(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...COMMON,
    json: { type: 'boolean' },
    verify: { type: 'boolean' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  const { catalog, root } = await setup(values);
  const models = await modelStatus(catalog, root, { verify: values.verify });
  const methods = methodStatus(catalog, models);
  if (values.json) {
    console.log(JSON.stringify({ root, models, methods }, null, 2));
    return;
  }
  console.log(`models in ${root}`);
  const width = Math.max(...models.map((m) => m.id.length));
  for (const m of models) {
    const entry = findModel(catalog, m.id);
    const size = entry.files.find((f) => f.approxSize)?.approxSize;
    console.log(`  ${m.id.padEnd(width)}  ${m.state.padEnd(9)}  ${m.title}${size ? ` (~${size})` : ''}${problems(m)}`);
  }
  console.log('methods:');
  for (const method of methods) {
    const needs = method.missing.map((group) => (group.length === 1 ? group[0] : `one of ${group.join(' / ')}`));
    console.log(`  ${method.id.padEnd(14)} ${method.ready ? 'ready' : `needs ${needs.join(' and ')}`}`);
  }
}

function problems(m: ModelStatus): string {
  const bad = m.files.filter((f) => f.state !== 'installed' && f.state !== 'missing');
  return bad.length ? ` — ${bad.map((f) => `${f.path} ${f.state}`).join(', ')}` : '';
}

async function install(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...COMMON,
    from: { type: 'string' },
    link: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new CliUsageError('name the model(s) to install (see reflabel models list)');
  if (values.link && !values.from) throw new CliUsageError('--link needs --from DIR');
  const { catalog, root } = await setup(values);
  const models = positionals.map((id) => findModel(catalog, id));
  const progress = createByteProgress();
  try {
    for (const model of models) {
      await installModel(model, { root, from: values.from, link: values.link, onProgress: progress.update });
      progress.stop();
      console.log(`installed ${model.id} in ${root}`);
    }
  } finally {
    progress.stop();
  }
}

async function remove(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, COMMON);
  if (positionals.length === 0) throw new CliUsageError('name the model(s) to remove');
  const { catalog, root } = await setup(values);
  for (const model of positionals.map((id) => findModel(catalog, id))) {
    await removeModel(root, model);
    console.log(`removed ${model.id}`);
  }
}

const PHASE: Record<InstallProgress['phase'], string> = { download: 'downloading', copy: 'copying', hash: 'checking' };

/** A byte bar per file on a terminal; a plain line every few seconds (and at each file's end) otherwise. */
function createByteProgress(stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr, intervalMs = 2000) {
  let bar: cliProgress.SingleBar | null = null;
  let current = '';
  let lastLineAt = -Infinity;
  const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;
  return {
    update(p: InstallProgress): void {
      const label = `${PHASE[p.phase]} ${p.model}/${p.file}`;
      if (stream.isTTY) {
        if (label !== current) {
          bar?.stop();
          bar = new cliProgress.SingleBar({
            stream,
            format: `${label} [{bar}] {percentage}% | {doneText} | ETA {eta_formatted}`,
            hideCursor: true,
          });
          bar.start(p.total ?? p.done, p.done, { doneText: mib(p.done) });
        }
        bar?.setTotal(p.total ?? p.done);
        bar?.update(p.done, { doneText: mib(p.done) });
      } else {
        const now = Date.now();
        if (label !== current || now - lastLineAt >= intervalMs || p.done === p.total) {
          lastLineAt = now;
          stream.write(`${label} ${mib(p.done)}${p.total !== null ? ` of ${mib(p.total)}` : ''}\n`);
        }
      }
      current = label;
    },
    stop(): void {
      bar?.stop();
      bar = null;
      current = '';
    },
  };
}
