"""PyTorch side of bench/clip.bench.ts: the same CLIP forwards on the same random ViT-B/16 checkpoint.

Usage: python3 bench/clip_torch.py WEIGHTS_DIR THREADS
Prints one line per figure ("clip.torch.text_b1_ms 41.2": median; "_min_ms": fastest run). Plain torch (no transformers), written like
transformers' CLIPModel (pre-norm blocks, quick_gelu, scaled_dot_product_attention when the torch version has it), so
it runs on Debian's python3-torch as well as on a recent torch.
"""
import json
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {'F32': np.float32, 'F16': np.float16}


def load(path):
    with open(path, 'rb') as f:
        (n,) = struct.unpack('<Q', f.read(8))
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode='r', offset=8 + n)
    params = {}
    for name, t in header.items():
        if name == '__metadata__':
            continue
        begin, end = t['data_offsets']
        array = np.frombuffer(data[begin:end], dtype=DTYPES[t['dtype']]).reshape(t['shape'])
        params[name] = torch.from_numpy(array.astype(np.float32))
    return params


def activation(name):
    if name == 'quick_gelu':
        return lambda x: x * torch.sigmoid(1.702 * x)
    return F.gelu


def attend(q, k, v, mask):
    if hasattr(F, 'scaled_dot_product_attention'):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    scores = q @ k.transpose(-2, -1) * q.shape[-1] ** -0.5
    if mask is not None:
        scores = scores + mask
    return scores.softmax(-1) @ v


def encoder(p, prefix, cfg, x, mask=None):
    act = activation(cfg.get('hidden_act', 'quick_gelu'))
    heads, eps = cfg['num_attention_heads'], cfg.get('layer_norm_eps', 1e-5)
    b, t, w = x.shape
    for i in range(cfg['num_hidden_layers']):
        pre = f'{prefix}.encoder.layers.{i}'
        lin = lambda name, y: F.linear(y, p[f'{pre}.{name}.weight'], p[f'{pre}.{name}.bias'])
        h = F.layer_norm(x, (w,), p[f'{pre}.layer_norm1.weight'], p[f'{pre}.layer_norm1.bias'], eps)
        split = lambda y: y.view(b, t, heads, w // heads).transpose(1, 2)
        a = attend(split(lin('self_attn.q_proj', h)), split(lin('self_attn.k_proj', h)), split(lin('self_attn.v_proj', h)), mask)
        x = x + lin('self_attn.out_proj', a.transpose(1, 2).reshape(b, t, w))
        h = F.layer_norm(x, (w,), p[f'{pre}.layer_norm2.weight'], p[f'{pre}.layer_norm2.bias'], eps)
        x = x + lin('mlp.fc2', act(lin('mlp.fc1', h)))
    return x


def text_features(p, cfg, ids):
    t = cfg['text_config']
    x = p['text_model.embeddings.token_embedding.weight'][ids] + p['text_model.embeddings.position_embedding.weight']
    n = ids.shape[1]
    mask = torch.full((n, n), torch.finfo(torch.float32).min).triu(1)
    x = encoder(p, 'text_model', t, x, mask)
    x = F.layer_norm(x, (x.shape[-1],), p['text_model.final_layer_norm.weight'], p['text_model.final_layer_norm.bias'],
                     t.get('layer_norm_eps', 1e-5))
    pooled = x[torch.arange(x.shape[0]), ids.argmax(-1)]
    return pooled @ p['text_projection.weight'].T


def image_features(p, cfg, pixels):
    v = cfg['vision_config']
    w, patch, size = v['hidden_size'], v['patch_size'], v['image_size']
    x = F.conv2d(pixels, p['vision_model.embeddings.patch_embedding.weight'], stride=patch).flatten(2).transpose(1, 2)
    cls = p['vision_model.embeddings.class_embedding'].expand(x.shape[0], 1, -1)
    x = torch.cat([cls, x], dim=1)
    pos = p['vision_model.embeddings.position_embedding.weight']
    gh, gw = pixels.shape[2] // patch, pixels.shape[3] // patch
    if (gh, gw) != (size // patch, size // patch):
        g = size // patch
        grid = pos[1:].reshape(1, g, g, w).permute(0, 3, 1, 2)
        grid = F.interpolate(grid, size=(gh, gw), mode='bicubic', align_corners=False)
        pos = torch.cat([pos[:1], grid.permute(0, 2, 3, 1).reshape(-1, w)])
    x = x + pos
    eps = v.get('layer_norm_eps', 1e-5)
    x = F.layer_norm(x, (w,), p['vision_model.pre_layrnorm.weight'], p['vision_model.pre_layrnorm.bias'], eps)
    x = encoder(p, 'vision_model', v, x)
    cls = F.layer_norm(x[:, 0], (w,), p['vision_model.post_layernorm.weight'], p['vision_model.post_layernorm.bias'], eps)
    return cls @ p['visual_projection.weight'].T


def timed(name, fn, runs):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    print(f'clip.torch.{name}_ms {statistics.median(times):.1f}')
    print(f'clip.torch.{name}_min_ms {min(times):.1f}')


def main():
    weights_dir, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    with open(os.path.join(weights_dir, 'config.json')) as f:
        cfg = json.load(f)
    p = load(os.path.join(weights_dir, 'model.safetensors'))
    print(f'clip.torch.version {torch.__version__}')
    print(f'clip.torch.threads {torch.get_num_threads()}')
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(0, 49405, (1, 77), generator=gen)
    ids[0, 0], ids[0, 9], ids[0, 10:] = 49406, 49407, 0
    with torch.inference_mode():
        timed('text_b1', lambda: text_features(p, cfg, ids), 20)
        for size, runs in ((224, 12), (448, 6)):
            px = torch.randn(1, 3, size, size, generator=gen)
            timed(f'image{size}_b1', lambda: image_features(p, cfg, px), runs)


if __name__ == '__main__':
    main()
