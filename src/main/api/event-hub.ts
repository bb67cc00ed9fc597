// Services emit typed events here; each transport listens once and forwards to its own subscribers.
import { describeIssues, type AnyApi, type EventName, type EventPayload } from '../../shared/contract';
import { defaultCheckOutput } from './dispatch';
import { plainJsonProblem } from './plain-json';

export type ApiEventListener<A extends AnyApi> = (event: EventName<A>, payload: unknown) => void;

/** What the transports need from an event source. */
export interface ApiEventSource<A extends AnyApi> {
  /** Returns a function that removes the listener. */
  onEvent(listener: ApiEventListener<A>): () => void;
}

export interface ApiEventHub<A extends AnyApi> extends ApiEventSource<A> {
  emit<E extends EventName<A>>(event: E, payload: EventPayload<A, E>): void;
}

export function createEventHub<A extends AnyApi>(api: A, options: { checkPayloads?: boolean } = {}): ApiEventHub<A> {
  const checkPayloads = options.checkPayloads ?? defaultCheckOutput();
  const listeners = new Set<ApiEventListener<A>>();
  return {
    emit(event, payload) {
      if (checkPayloads) {
        // Thrown at the emitting service, where the mistake is, rather than in a transport.
        const schema = api.events[event];
        if (!schema) throw new Error(`event '${event}' is not declared in the API`);
        const checked = schema.safeParse(payload);
        if (!checked.success) throw new Error(`event '${event}': invalid payload ${describeIssues(checked.error)}`);
        const problem = plainJsonProblem(payload, 'payload');
        if (problem) throw new Error(`event '${event}': ${problem}`);
      }
      for (const listener of listeners) listener(event, payload);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
