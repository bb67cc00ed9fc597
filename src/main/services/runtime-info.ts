// Which execution provider inference runs on here. onnxruntime-node lists the backends it knows, but whether CUDA
// actually loads (provider library installed, driver present) shows only when a session is created, so a one-node
// model is loaded the way the methods load theirs (CUDA first, then the CPU) and the provider that ran is reported.
import type { z } from 'zod';
import type { api } from '../../shared/api';

export type RuntimeInfo = z.output<(typeof api.operations)['runtime.info']['output']>;

/** An Identity graph: the smallest model every provider can place. */
async function probeModel(): Promise<Uint8Array> {
  const { Graph, encodeModel } = await import('../vision/onnx');
  const graph = new Graph('provider-probe');
  graph.output('y', graph.input('x', 'float32', [1]));
  return encodeModel(graph, { producerName: 'reflabel-provider-probe' });
}

/** Probes onnxruntime now; loads it lazily so that fronts which never ask do not load the native add-on. */
export async function probeRuntime(): Promise<RuntimeInfo> {
  const ort = await import('onnxruntime-node');
  const { createSession } = await import('../vision/runtime/create-session');
  const loaded = await createSession(await probeModel(), { device: 'cuda', graphOptimization: 'disabled' });
  await loaded.session.release();
  return {
    providers: ort.listSupportedBackends().map(({ name, bundled }) => ({ name, bundled })),
    provider: loaded.provider,
    cudaAvailable: loaded.provider === 'cuda',
    fallback: loaded.fallback,
  };
}

let cached: Promise<RuntimeInfo> | null = null;

/** The probe's answer, computed once per process (creating a CUDA session can take seconds). */
export function runtimeInfo(): Promise<RuntimeInfo> {
  cached ??= probeRuntime().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
