// SAM ViT-B on this machine: RefLabel's compiled encoder and decoder in onnxruntime-node, and automatic mask
// generation through them, against Hugging Face's PyTorch SamModel (bench/sam_torch.py) on the same full-size
// random-weight checkpoint (the config of facebook/sam-vit-base), written here. Set SAM_BENCH_PYTHON to a python
// with torch and transformers; otherwise python3 and /usr/bin/python3 are tried, and the PyTorch figures are
// skipped when none imports them.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { amgPreset } from '../src/main/vision/sam/amg/params';
import { compileSam } from '../src/main/vision/sam/model/compile';
import { parseSamConfig } from '../src/main/vision/sam/model/config';
import { samTensorShapes } from '../src/main/vision/sam/model/tensor-shapes';
import { SamPredictor } from '../src/main/vision/sam/predictor/predictor';
import type { RgbImage } from '../src/main/vision/methods/shared/image';
import { writeSafetensors, type SafetensorsInput } from '../src/main/vision/weights/safetensors';

const THREADS = Number(process.env.SAM_BENCH_THREADS ?? 2);

const VIT_B_CONFIG = {
  model_type: 'sam',
  vision_config: {
    hidden_size: 768,
    output_channels: 256,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    num_channels: 3,
    image_size: 1024,
    patch_size: 16,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-6,
    qkv_bias: true,
    mlp_ratio: 4.0,
    mlp_dim: 3072,
    use_abs_pos: true,
    use_rel_pos: true,
    window_size: 14,
    global_attn_indexes: [2, 5, 8, 11],
    num_pos_feats: 128,
  },
  prompt_encoder_config: {
    hidden_size: 256,
    image_size: 1024,
    patch_size: 16,
    mask_input_channels: 16,
    num_point_embeddings: 4,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-6,
  },
  mask_decoder_config: {
    hidden_size: 256,
    hidden_act: 'relu',
    mlp_dim: 2048,
    num_hidden_layers: 2,
    num_attention_heads: 8,
    attention_downsample_rate: 2,
    num_multimask_outputs: 3,
    iou_head_depth: 3,
    iou_head_hidden_dim: 256,
    layer_norm_eps: 1e-6,
  },
};

function print(name: string, value: number | string): void {
  console.log(`${name} ${typeof value === 'number' ? value.toFixed(value < 10 ? 3 : 1) : value}`);
}

/** Deterministic pseudo-random weights: unit-scale Gaussian-like values over sqrt(fan-in), norms near 1. */
function randomWeights(shapes: Map<string, number[]>): Map<string, SafetensorsInput> {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const out = new Map<string, SafetensorsInput>();
  for (const [name, shape] of shapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    const fanIn = shape.length >= 2 ? shape.slice(1).reduce((a, b) => a * b, 1) : 1;
    const isNorm = name.includes('layer_norm') && name.endsWith('.weight');
    const scale = shape.length >= 2 ? Math.sqrt(12 / fanIn) : 0.2;
    for (let i = 0; i < n; i++) data[i] = isNorm ? 1 + 0.1 * next() : scale * next();
    out.set(name, { dtype: 'F32', shape, data });
  }
  return out;
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

function torchFigures(dir: string): Record<string, number> | null {
  const candidates = [process.env.SAM_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  const python = candidates.find((p) => spawnSync(p, ['-c', 'import torch, transformers']).status === 0);
  if (!python) return null;
  const script = join(import.meta.dirname, 'sam_torch.py');
  const r = spawnSync(python, [script, dir, String(THREADS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) {
    print('sam.torch.error', JSON.stringify(r.stderr.trim().split('\n').slice(-1)[0] ?? ''));
    return null;
  }
  print('sam.torch.python', python);
  return JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]) as Record<string, number>;
}

const dir = await mkdtemp(join(tmpdir(), 'reflabel-sam-bench-'));
try {
  print('sam.load_average_1m', loadavg()[0]);
  print('sam.threads', THREADS);
  await writeFile(join(dir, 'config.json'), JSON.stringify(VIT_B_CONFIG));
  const config = parseSamConfig(VIT_B_CONFIG, 'sam-vit-base config');
  await writeSafetensors(join(dir, 'model.safetensors'), randomWeights(samTensorShapes(config)));
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
  const [batchS] = await seconds(async () => decode(coords, new Float32Array(64).fill(1)));
  print('sam.decoder_batch64_s', batchS);
  const [amg32, result32] = await seconds(() => predictor.proposals(image, amgPreset('sam-default')));
  print('sam.amg32_with_encoder_s', amg32);
  print('sam.amg32_masks', result32.masks.length);
  await predictor.release();

  const torch = torchFigures(dir);
  if (torch) {
    print('sam.torch.encoder_s', torch.encoder_s);
    print('sam.torch.click_ms', torch.click_ms);
    print('sam.torch.decoder_batch64_s', torch.batch64_s);
    print('sam.torch.amg32_s', torch.amg32_s);
    print('sam.torch.amg8_s', torch.amg8_s);
    print('sam.amg32_speedup_vs_torch', torch.amg32_s / amg32);
    print('sam.amg8_speedup_vs_torch', torch.amg8_s / amg8);
  } else {
    print('sam.torch', 'skipped (no python that runs torch and transformers)');
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
