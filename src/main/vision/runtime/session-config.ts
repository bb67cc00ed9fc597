// How an onnxruntime session is set up: device, threads, graph optimisation and memory arenas, as plain data that
// crosses the worker boundary, and its translation to onnxruntime-node's options.
import type { InferenceSession } from 'onnxruntime-node';

export type Device = 'cpu' | 'cuda';
export type Provider = Device;

export interface SessionConfig {
  /** 'cuda' tries the CUDA provider and falls back to the CPU when it cannot load (default 'cpu'). */
  device?: Device;
  cudaDeviceId?: number;
  /** Threads inside one operator (default: onnxruntime's choice, one per physical core). */
  intraOpThreads?: number;
  /** Threads across operators, used with executionMode 'parallel'. */
  interOpThreads?: number;
  executionMode?: 'sequential' | 'parallel';
  /** Default 'all'. */
  graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** The CPU memory arena (default on): faster repeated runs, memory held until the session is released. */
  cpuArena?: boolean;
  /** Pre-plans buffers for fixed input shapes (default on). */
  memoryPattern?: boolean;
  /**
   * Session configuration entries passed through verbatim, e.g. 'session.use_device_allocator_for_initializers'.
   * onnxruntime-node exposes no CUDA arena options of its own (only the device id).
   */
  configEntries?: Record<string, string>;
}

/**
 * Idle intra-op threads sleep instead of spinning: one run at a time per worker leaves nothing for a spinning thread
 * to catch, and on a loaded 2-core machine spinning doubled a 40 ms SAM click (measured with the ViT-B decoder).
 */
const DEFAULT_CONFIG_ENTRIES: Record<string, string> = { 'session.intra_op.allow_spinning': '0' };

export function ortSessionOptions(config: SessionConfig, provider: Provider): InferenceSession.SessionOptions {
  const options: InferenceSession.SessionOptions = {
    executionProviders: provider === 'cuda' ? [{ name: 'cuda', deviceId: config.cudaDeviceId ?? 0 }, 'cpu'] : ['cpu'],
    graphOptimizationLevel: config.graphOptimization ?? 'all',
    enableCpuMemArena: config.cpuArena ?? true,
    enableMemPattern: config.memoryPattern ?? true,
    executionMode: config.executionMode ?? 'sequential',
  };
  if (config.intraOpThreads !== undefined) options.intraOpNumThreads = config.intraOpThreads;
  if (config.interOpThreads !== undefined) options.interOpNumThreads = config.interOpThreads;
  options.extra = { ...DEFAULT_CONFIG_ENTRIES, ...config.configEntries };
  return options;
}
