// CLIP ViT-B/16 latency on this machine: RefLabel's compiled graphs in onnxruntime-node against the same forwards in
// PyTorch (bench/clip_torch.py), on a full-size random-weight checkpoint written here (the config of
// openai/clip-vit-base-patch16). Set CLIP_BENCH_PYTHON to a python with torch; otherwise python3 and
// /usr/bin/python3 are tried, and the PyTorch figures are skipped when none imports torch.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { compileClip } from '../src/main/vision/clip/compile';
import type { ClipVariant } from '../src/main/vision/clip/variant';
import { writeRandomClipCheckpoint } from './random-checkpoints';

const THREADS = Number(process.env.CLIP_BENCH_THREADS ?? 2);

function figure(name: string, value: number | string, digits = 1): void {
  console.log(`${name} ${typeof value === 'number' ? value.toFixed(digits) : value}`);
}

async function session(path: string): Promise<{ session: ort.InferenceSession; provider: string }> {
  const options = { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
  try {
    // onnxruntime-node does not fall back by itself: without the CUDA add-on this throws
    const cuda = await ort.InferenceSession.create(path, { ...options, executionProviders: ['cuda'] });
    return { session: cuda, provider: 'cuda' };
  } catch {
    return {
      session: await ort.InferenceSession.create(path, { ...options, executionProviders: ['cpu'] }),
      provider: 'cpu',
    };
  }
}

/** Median and minimum of `runs` timed calls after one warm-up; the minimum is what the ratios use, being the figure
 * least disturbed by other load on the machine. */
async function timeRuns(run: () => Promise<unknown>, runs: number): Promise<{ median: number; min: number }> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

function textIds(): ort.Tensor {
  const ids = new BigInt64Array(77);
  ids[0] = 49406n;
  for (let i = 1; i < 9; i++) ids[i] = BigInt(1000 + i * 37);
  ids[9] = 49407n;
  return new ort.Tensor('int64', ids, [1, 77]);
}

function pixels(size: number): ort.Tensor {
  const data = Float32Array.from({ length: 3 * size * size }, (_, i) => Math.sin(i * 0.001));
  return new ort.Tensor('float32', data, [1, 3, size, size]);
}

function torchFigures(dir: string): Map<string, string> {
  const candidates = [process.env.CLIP_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  const python = candidates.find((p) => spawnSync(p, ['-c', 'import torch, numpy']).status === 0);
  const figures = new Map<string, string>();
  if (!python) return figures;
  const script = join(import.meta.dirname, 'clip_torch.py');
  const r = spawnSync(python, [script, dir, String(THREADS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    figure('clip.torch.error', JSON.stringify(r.stderr.trim().split('\n').pop()));
    return figures;
  }
  for (const line of r.stdout.trim().split('\n')) {
    const [name, value] = line.split(' ');
    figures.set(name, value);
  }
  figures.set('clip.torch.python', python);
  return figures;
}

async function main(): Promise<void> {
  // the CUDA attempt logs a load error at 'error' level when the add-on is absent; the fallback below reports it
  ort.env.logLevel = 'fatal';
  const dir = await mkdtemp(join(tmpdir(), 'reflabel-clip-bench-'));
  try {
    // other processes on the machine skew every figure (OpenMP's spinning threads in PyTorch most of all)
    figure('clip.loadavg_1m_start', loadavg()[0], 2);
    figure('clip.threads', THREADS, 0);
    let start = performance.now();
    await writeRandomClipCheckpoint(dir);
    figure('clip.write_checkpoint_ms', performance.now() - start);
    const cases: { name: string; variant: ClipVariant; feeds: Record<string, ort.Tensor>; runs: number }[] = [
      { name: 'text_b1', variant: { variant: 'clip.text' }, feeds: { input_ids: textIds() }, runs: 20 },
      { name: 'image224_b1', variant: { variant: 'clip.image' }, feeds: { pixel_values: pixels(224) }, runs: 12 },
      {
        name: 'image448_b1',
        variant: { variant: 'clip.image', imageSize: 448 },
        feeds: { pixel_values: pixels(448) },
        runs: 6,
      },
    ];
    const ours = new Map<string, number>();
    for (const c of cases) {
      start = performance.now();
      const { path } = await compileClip({ weightsDir: dir, variant: c.variant });
      figure(`clip.${c.name}.compile_ms`, performance.now() - start);
      start = performance.now();
      const { session: s, provider } = await session(path);
      figure(`clip.${c.name}.session_ms`, performance.now() - start);
      figure(`clip.${c.name}.provider`, provider);
      const { median, min } = await timeRuns(() => s.run(c.feeds), c.runs);
      figure(`clip.${c.name}_ms`, median);
      figure(`clip.${c.name}_min_ms`, min);
      ours.set(c.name, min);
      await s.release();
    }
    figure('clip.loadavg_1m_reflabel_done', loadavg()[0], 2);
    const torch = torchFigures(dir);
    if (torch.size === 0) figure('clip.torch', 'unavailable');
    for (const [name, value] of torch) console.log(`${name} ${value}`);
    figure('clip.loadavg_1m_end', loadavg()[0], 2);
    for (const [name, ms] of ours) {
      const theirs = Number(torch.get(`clip.torch.${name}_min_ms`));
      if (theirs > 0) figure(`clip.${name}.reflabel_over_torch`, ms / theirs, 3);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
