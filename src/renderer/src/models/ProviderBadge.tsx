// Which execution provider inference runs on: "CUDA", or "CPU" with the reason CUDA could not be used.
import { useApi } from '../api-context';
import { useLoad, type Loaded } from '../app/use-load';
import type { OpOutput } from '../../../shared/contract';
import type { RefLabelApi } from '../../../shared/api';

export type RuntimeInfo = OpOutput<RefLabelApi, 'runtime.info'>;

export function useRuntimeInfo(): Loaded<RuntimeInfo> {
  const client = useApi();
  return useLoad('runtime.info', () => client.call('runtime.info'));
}

export function providerName(info: RuntimeInfo): string {
  return info.provider === 'cuda' ? 'CUDA' : 'CPU';
}

/** The header's compact form; the fallback reason is its tooltip. */
export function ProviderBadge({ onClick }: { onClick: () => void }) {
  const runtime = useRuntimeInfo();
  const info = runtime.value;
  const title = info
    ? `Inference runs on the ${providerName(info)}${info.fallback ? `: ${info.fallback}` : ''}`
    : (runtime.error ?? 'Checking the execution provider…');
  return (
    <button
      className={`provider-badge${info?.fallback ? ' fallback' : ''}`}
      onClick={onClick}
      title={title}
      aria-label={title}
      data-testid="provider-badge"
      data-provider={info?.provider}
    >
      {info ? providerName(info) : runtime.error ? '?' : '…'}
    </button>
  );
}

/** The Models dialog's section: the provider, the notice when CUDA fell back, and every backend onnxruntime has. */
export function ProviderStatus() {
  const runtime = useRuntimeInfo();
  const info = runtime.value;
  return (
    <section data-testid="provider-status" data-provider={info?.provider}>
      <h3>Execution provider</h3>
      {runtime.error && <p className="error">{runtime.error}</p>}
      {!info && !runtime.error && <p className="muted">Checking…</p>}
      {info && (
        <>
          <p>
            Inference runs on the <strong data-testid="provider-name">{providerName(info)}</strong>.
          </p>
          {info.fallback && (
            <p className="notice small" data-testid="provider-fallback">
              {info.fallback}. Install onnxruntime-node with its CUDA add-on (a normal <code>npm install</code> without{' '}
              <code>ONNXRUNTIME_NODE_INSTALL=skip</code>) and an NVIDIA driver to use the GPU.
            </p>
          )}
          <p className="muted small">
            onnxruntime backends:{' '}
            {info.providers.map((p, i) => (
              <span key={p.name}>
                {i > 0 && ', '}
                {p.name}
                {!p.bundled && ' (add-on)'}
              </span>
            ))}
          </p>
        </>
      )}
    </section>
  );
}
