// `reflabel` command line: parses the sub-command and hands it to its module. Exit codes: 0 ok, 1 failure, 2 usage.
import { CliUsageError } from './usage';
import { importCommand } from './commands/import';
import { exportCommand } from './commands/export';
import { statsCommand } from './commands/stats';
import { serveCommand } from './commands/serve';
import { MODELS_USAGE, modelsCommand } from './commands/models';
import { parseCommand } from './commands/parse';
import { PREDICT_USAGE, predictCommand } from './commands/predict';
import { EVAL_USAGE, evalCommand } from './commands/eval';
import { PRELABEL_USAGE, prelabelCommand } from './commands/prelabel';

type Command = (argv: string[]) => Promise<void>;

const commands: Record<string, { run: Command; summary: string }> = {
  import: { run: importCommand, summary: 'import PATH --db FILE [--name NAME] [--images DIR]' },
  export: {
    run: exportCommand,
    summary:
      'export --db FILE --dataset NAME --format coco|refcoco|png --out PATH [--segmentation rle|polygon] [--include accepted|gt|all]',
  },
  stats: { run: statsCommand, summary: 'stats --db FILE' },
  serve: { run: serveCommand, summary: 'serve [--db FILE] [--port N] [--host 127.0.0.1]' },
  models: { run: modelsCommand, summary: MODELS_USAGE },
  parse: { run: parseCommand, summary: 'parse "EXPRESSION" [--json]' },
  predict: { run: predictCommand, summary: PREDICT_USAGE },
  eval: { run: evalCommand, summary: EVAL_USAGE },
  prelabel: { run: prelabelCommand, summary: PRELABEL_USAGE },
};

function usage(): string {
  return [
    'usage: reflabel <command> [options]',
    '',
    ...Object.values(commands).map((c) => `  reflabel ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`reflabel: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (err) {
    if (err instanceof CliUsageError) {
      console.error(`reflabel ${name}: ${err.message}\n  usage: reflabel ${command.summary}`);
      return 2;
    }
    console.error(`reflabel ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
