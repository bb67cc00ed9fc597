// The transport-independent core of a call: find the operation, validate the input, run the handler, and turn every
// outcome into a CallResult. Both the IPC binding and the HTTP server go through here, so they accept and refuse the
// same things.
import { ApiError, describeIssues, type AnyApi, type ApiHandlers, type CallResult } from '../../shared/contract';
import { plainJsonProblem } from './plain-json';

export type ApiLog = (message: string, error?: unknown) => void;

export interface DispatchOptions {
  /**
   * Also validate handler outputs against their schemas and check they survive JSON. Costs a parse per call, so it
   * is meant for tests and development; a failure comes back as 'internal' and is logged.
   */
  checkOutput: boolean;
  log: ApiLog;
}

/** Tests run with NODE_ENV=test (scripts/run-tests.mjs); that is where output checking is on by default. */
export function defaultCheckOutput(): boolean {
  return typeof process !== 'undefined' && process.env.NODE_ENV === 'test';
}

export function isOperation<A extends AnyApi>(api: A, name: unknown): name is keyof A['operations'] & string {
  return typeof name === 'string' && Object.hasOwn(api.operations, name);
}

export function isEvent<A extends AnyApi>(api: A, name: unknown): name is keyof A['events'] & string {
  return typeof name === 'string' && Object.hasOwn(api.events, name);
}

export async function dispatch<A extends AnyApi>(
  api: A,
  handlers: ApiHandlers<A>,
  name: unknown,
  rawInput: unknown,
  options: DispatchOptions,
): Promise<CallResult> {
  if (!isOperation(api, name)) {
    return failure('not-found', `unknown operation ${JSON.stringify(String(name)).slice(0, 80)}`);
  }
  const operation = api.operations[name];
  const parsed = operation.input.safeParse(rawInput);
  if (!parsed.success) return failure('bad-request', `${name}: invalid input ${describeIssues(parsed.error)}`);

  let value: unknown;
  try {
    // The handler map is indexed by a name only known at run time; its input type is the schema's, just parsed.
    value = await (handlers[name] as (input: unknown) => Promise<unknown>)(parsed.data);
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toWire() };
    // Unexpected errors may carry paths or SQL; the renderer gets the operation name, the log gets the detail.
    options.log(`${name}: handler failed`, error);
    return failure('internal', `${name} failed; see the RefLabel log`);
  }

  if (options.checkOutput) {
    const checked = operation.output.safeParse(value);
    const problem = !checked.success
      ? `invalid output ${describeIssues(checked.error)}`
      : value === undefined
        ? null
        : plainJsonProblem(value);
    if (problem) {
      options.log(`${name}: ${problem}`);
      return failure('internal', `${name}: ${problem}`);
    }
  }
  return { ok: true, value };
}

function failure(code: ApiError['code'], message: string): CallResult {
  return { ok: false, error: { code, message } };
}
