// The Electron transport: everything goes through the preload's window.reflabel bridge.
import { ApiError, FILE_PROTOCOL, unwrapResult, type ApiBridge } from '../../../shared/contract';
import { encodeRelPath, type Transport } from './transport';

export function ipcTransport(bridge: ApiBridge): Transport {
  const removers: (() => void)[] = [];
  return {
    call(op, input) {
      const forward = bridge.operations[op];
      if (!forward) return Promise.reject(new ApiError('not-found', `unknown operation '${op}'`));
      return forward(input);
    },
    async subscribe(event) {
      unwrapResult(await bridge.subscribe(event));
    },
    unsubscribe(event) {
      void bridge.unsubscribe(event);
    },
    onEvent(listener) {
      removers.push(bridge.onEvent(listener));
    },
    fileUrl: (datasetId, relPath) =>
      `${FILE_PROTOCOL.scheme}://${FILE_PROTOCOL.host}/${datasetId}/${encodeRelPath(relPath)}`,
    close() {
      for (const remove of removers.splice(0)) remove();
    },
  };
}
