// SAM ViT-B on this machine: RefLabel's compiled encoder and decoder in onnxruntime-node, and automatic mask
// generation through them, against Hugging Face's PyTorch SamModel (bench/sam_torch.py) on the same full-size
// random-weight checkpoint (the config of facebook/sam-vit-base), written here. Set SAM_BENCH_PYTHON to a python
// with torch and transformers; otherwise python3 and /usr/bin/python3 are tried, and the PyTorch figures are
// skipped when none imports them.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { amgPreset } from '../src/main/vision/sam/amg/params';
import { compileSam } from '../src/main/vision/sam/model/compile';
import { SamPredictor } from '../src/main/vision/sam/predictor/predictor';
import type { RgbImage } from '../src/main/vision/methods/shared/image';
import { writeRandomSamCheckpoint } from './random-checkpoints';

const THREADS = Number(process.env.SAM_BENCH_THREADS ?? 2);

function print(name: string, value: number | string): void {
  console.log(`${name} ${typeof value === 'number' ? value.toFixed(value < 10 ? 3 : 1) : value}`);
}

function syntheticImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inDisc = (x - 200) ** 2 + (y - 180) ** 2 < 90 ** 2;
      const inBox = x > 380 && x < 560 && y > 250 && y < 420;
      data[i] = inDisc ? 220 : inBox ? 30 : (x * 255) / width;
      data[i + 1] = inDisc ? 40 : inBox ? 200 : (y * 255) / height;
      data[i + 2] = inBox ? 60 : 128;
    }
  }
  return { width, height, data };
}

async function seconds<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [(performance.now() - start) / 1000, value];
}

/** PyTorch's figures, or why there are none. */
function torchFigures(dir: string): Record<string, number> | string {
  const candidates = [process.env.SAM_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  const python = candidates.find((p) => spawnSync(p, ['-c', 'import torch, transformers']).status === 0);
  if (!python) return `skipped: none of ${candidates.join(', ')} imports torch and transformers (set SAM_BENCH_PYTHON)`;
  print('sam.torch.python', python);
  const script = join(import.meta.dirname, 'sam_torch.py');
  const r = spawnSync(python, [script, dir, String(THREADS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return `failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
  return JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]) as Record<string, number>;
}

const dir = await mkdtemp(join(tmpdir(), 'reflabel-sam-bench-'));
try {
  print('sam.load_average_1m', loadavg()[0]);
  print('sam.threads', THREADS);
  await writeRandomSamCheckpoint(dir);
  const [compileS] = await seconds(async () => {
    await compileSam({ weightsDir: dir, variant: 'sam.encoder' });
    await compileSam({ weightsDir: dir, variant: 'sam.decoder' });
  });
  print('sam.compile_s', compileS);
  const predictor = await SamPredictor.load({
    encoderPath: join(dir, 'sam.encoder.onnx'),
    decoderPath: join(dir, 'sam.decoder.onnx'),
    session: { device: 'cuda', intraOpThreads: THREADS },
  });
  print('sam.provider', predictor.encoder.provider);
  if (predictor.encoder.fallback) print('sam.fallback', JSON.stringify(predictor.encoder.fallback));
  const image = syntheticImage(640, 480);

  const [amg8, result8] = await seconds(() => predictor.proposals(image, amgPreset('hybridgl-refcoco')));
  print('sam.amg8_with_encoder_s', amg8);
  print('sam.amg8_masks', result8.masks.length);
  const [encoderS, embedding] = await seconds(() => predictor.encode(image));
  print('sam.encoder_s', encoderS);
  const clicks: number[] = [];
  for (let i = 0; i < 8; i++) {
    const [s] = await seconds(() => predictor.refine(embedding, { points: [{ x: 100 + 40 * i, y: 200, label: 1 }] }));
    clicks.push(s * 1000);
  }
  clicks.sort((a, b) => a - b);
  print('sam.click_ms_median', clicks[Math.floor(clicks.length / 2)]);
  const decode = predictor.decoderFor(embedding);
  const coords = Float32Array.from({ length: 128 }, (_, i) => (i * 397) % 1024);
  const batches: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [s] = await seconds(async () => decode(coords, new Float32Array(64).fill(1)));
    batches.push(s);
  }
  batches.sort((a, b) => a - b);
  print('sam.decoder_batch64_s_median', batches[1]);
  const [amg32, result32] = await seconds(() => predictor.proposals(image, amgPreset('sam-default')));
  print('sam.amg32_with_encoder_s', amg32);
  print('sam.amg32_masks', result32.masks.length);
  await predictor.release();

  print('sam.load_average_1m_end', loadavg()[0]);
  const torch = torchFigures(dir);
  if (typeof torch !== 'string') {
    print('sam.torch.encoder_s', torch.encoder_s);
    print('sam.torch.click_ms', torch.click_ms);
    print('sam.torch.decoder_batch64_s', torch.batch64_s);
    print('sam.torch.amg32_s', torch.amg32_s);
    print('sam.torch.amg8_s', torch.amg8_s);
    print('sam.amg32_speedup_vs_torch', torch.amg32_s / amg32);
    print('sam.amg8_speedup_vs_torch', torch.amg8_s / amg8);
    print('sam.decoder_batch64_speedup_vs_torch', torch.batch64_s / batches[1]);
    print('sam.load_average_1m_after_torch', loadavg()[0]);
  } else {
    print('sam.torch', torch);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
