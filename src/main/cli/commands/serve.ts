import { api } from '../../../shared/api';
import { startApiServer } from '../../api/http-server';
import { openAppContext } from '../../app/context';
import { ensureRendererBuilt } from '../../app/renderer-build';
import { databaseFile } from '../database-option';
import { CliUsageError, parseCommandArgs } from '../usage';

export async function serveCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliUsageError(`--port '${values.port}' is not a port`);

  const staticDir = await ensureRendererBuilt((message) => console.error(message));
  const context = await openAppContext(databaseFile(values.db));
  const server = await startApiServer({
    api,
    handlers: context.handlers,
    events: context.events,
    resolveDatasetFile: context.resolveDatasetFile,
    host: values.host ?? '127.0.0.1',
    port,
    staticDir,
    log: (message, error) => console.error(`reflabel serve: ${message}`, error ?? ''),
  });
  console.log(`RefLabel is running in browser mode: ${server.pageUrl}`);
  console.log(`database ${context.store.file}; press Ctrl+C to stop`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await context.close();
}
