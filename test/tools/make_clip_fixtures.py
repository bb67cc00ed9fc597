"""Writes the CLIP parity fixtures under test/fixtures/vision/clip/<config>/.

Each folder holds a tiny random-weight checkpoint in the official Hugging Face layout (model.safetensors +
config.json, written by transformers' save_pretrained), and reference.safetensors + cases.json: fixed inputs and
the outputs of Hugging Face's PyTorch CLIP (and, for the method variants, of the PyTorch references below, written
against the authors' descriptions in METHODS.md) on those weights. The TypeScript parity test compiles RefLabel's
graphs from the checkpoint and compares, so CI needs no Python.

Needs torch >= 2.2 with transformers 5.x (Debian's python3-torch 1.13 is too old for the transformers the package
mirror carries):
    python3 -m venv /tmp/clipvenv && /tmp/clipvenv/bin/pip install torch transformers safetensors
    /tmp/clipvenv/bin/python test/tools/make_clip_fixtures.py
"""
import json
import os
import shutil

import torch
from safetensors.torch import save_file
from transformers import CLIPConfig, CLIPModel

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'vision', 'clip')

CONFIGS = {
    # quick_gelu, legacy eos_token_id 2 (EOT found by argmax, as in the openai checkpoints), 77-token context.
    'quick-w32-p8': dict(
        text=dict(hidden_size=24, intermediate_size=48, num_attention_heads=3, num_hidden_layers=2, vocab_size=120,
                  max_position_embeddings=77, eos_token_id=2, hidden_act='quick_gelu'),
        vision=dict(hidden_size=32, intermediate_size=64, num_attention_heads=4, num_hidden_layers=3, patch_size=8,
                    image_size=32, hidden_act='quick_gelu'),
        projection_dim=16, dtype=torch.float32, interp=[(48, 48), (40, 56)]),
    # exact gelu, eos_token_id set (EOT = first position of that id), float16 weights, eps 1e-6.
    'gelu-w48-p16-fp16': dict(
        text=dict(hidden_size=32, intermediate_size=80, num_attention_heads=2, num_hidden_layers=3, vocab_size=200,
                  max_position_embeddings=20, eos_token_id=150, hidden_act='gelu', layer_norm_eps=1e-6),
        vision=dict(hidden_size=48, intermediate_size=96, num_attention_heads=6, num_hidden_layers=4, patch_size=16,
                    image_size=48, hidden_act='gelu', layer_norm_eps=1e-6),
        projection_dim=24, dtype=torch.float16, interp=[(64, 64)]),
    # patch 4 on a 7x7 grid, head dim 4 in the text tower.
    'quick-w16-p4': dict(
        text=dict(hidden_size=16, intermediate_size=32, num_attention_heads=4, num_hidden_layers=1, vocab_size=64,
                  max_position_embeddings=77, eos_token_id=2, hidden_act='quick_gelu'),
        vision=dict(hidden_size=16, intermediate_size=40, num_attention_heads=2, num_hidden_layers=2, patch_size=4,
                    image_size=28, hidden_act='quick_gelu'),
        projection_dim=8, dtype=torch.float32, interp=[(36, 20)]),
}


def randomize(model, gen):
    """Weights large enough that every op matters (the HF init is near-zero for projections)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if 'norm' in name and name.endswith('weight'):
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=gen))
            elif p.dim() >= 2:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=gen) * (1.2 / fan_in ** 0.5 if 'embedding' not in name else 0.5))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=gen))


def text_ids(cfg, gen):
    t = cfg['text']
    vocab, length, eos = t['vocab_size'], t['max_position_embeddings'], t['eos_token_id']
    rows = []
    for row, n in enumerate([5, length - 2, 1]):
        body = torch.randint(3, vocab - 2, (n,), generator=gen).tolist()
        if eos == 2:
            # openai layout: BOS = vocab-2, EOT = vocab-1 (the largest id), padded with 0 or with EOT repeated
            ids = [vocab - 2] + body + [vocab - 1]
            pad = 0 if row % 2 == 0 else vocab - 1
        else:
            body = [b if b != eos else eos + 1 for b in body]
            ids = [vocab - 2] + body + [eos]
            pad = eos if row == 1 else 0
        ids = (ids + [pad] * length)[:length]
        rows.append(ids)
    return torch.tensor(rows, dtype=torch.int64)


def vision_tokens(vm, pixel_values):
    """Embeddings (interpolated when the size differs) after pre_layrnorm, as CLIPVisionModel builds them."""
    h, w = pixel_values.shape[-2:]
    size = vm.config.image_size
    return vm.pre_layrnorm(vm.embeddings(pixel_values, interpolate_pos_encoding=(h, w) != (size, size)))


def head(model, cls):
    return model.visual_projection(model.vision_model.post_layernorm(cls))


def token_mask_reference(model, pixel_values, mask, from_block):
    """GL-CLIP token masking: before every block from `from_block` on, patch tokens are multiplied by the mask."""
    vm = model.vision_model
    x = vision_tokens(vm, pixel_values)
    for i, layer in enumerate(vm.encoder.layers):
        if i >= from_block:
            x = x.expand(mask.shape[0], -1, -1)
            x = torch.cat([x[:, :1], x[:, 1:] * mask[:, :, None]], dim=1)
        x = layer(x, None)
    return head(model, x[:, 0])


def mask_cls_reference(model, pixel_values, masks, blocks):
    """Ref-Diff soft feature: one extra CLS copy per mask, attending to itself and the patches inside its mask."""
    vm = model.vision_model
    x = vision_tokens(vm, pixel_values)
    n, k = x.shape[1] - 1, masks.shape[0]
    x = torch.cat([x, x[:, :1].expand(-1, k, -1)], dim=1)
    allowed = torch.zeros(1 + n + k, 1 + n + k, dtype=torch.bool)
    allowed[:1 + n, :1 + n] = True
    for j in range(k):
        allowed[1 + n + j, 1 + n + j] = True
        allowed[1 + n + j, 1:1 + n] = masks[j] > 0.5
    bias = torch.zeros(allowed.shape).masked_fill(~allowed, torch.finfo(torch.float32).min)[None, None]
    for layer in vm.encoder.layers[:blocks]:
        x = layer(x, bias)
    return head(model, x[0, 1 + n:]), head(model, x[:, 0])


def hybrid_reference(model, local_pixels, global_pixels, mask, from_block):
    """HybridGL G2L: from `from_block` on, local <- Block(local + 2*masked(global)), global <- Block(global) with the
    global CLS attending only to patches where mask > 0."""
    vm = model.vision_model
    local, glob = vision_tokens(vm, local_pixels), vision_tokens(vm, global_pixels)
    k, t = mask.shape[0], local.shape[1]
    bias = torch.zeros(k, 1, t, t)
    bias[:, 0, 0, 1:] = torch.where(mask > 0, 0.0, torch.finfo(torch.float32).min)
    for i, layer in enumerate(vm.encoder.layers):
        if i < from_block:
            local, glob = layer(local, None), layer(glob, None)
        else:
            masked = torch.cat([glob[:, :1], glob[:, 1:] * mask[:, :, None]], dim=1)
            local, glob = layer(local + 2 * masked, None), layer(glob, bias)
    return head(model, local[:, 0])


def gem_reference(model, pixel_values, gem_blocks):
    """GEM: in the last `gem_blocks` blocks a second path adds q-q, k-k and v-v self-self attention (one iteration,
    temperature = mean token norm x head_dim^-0.5) without the MLP; the original path runs unchanged."""
    vm = model.vision_model
    x = vision_tokens(vm, pixel_values)
    layers = vm.encoder.layers
    x_gem = None
    for i, layer in enumerate(layers):
        if i < len(layers) - gem_blocks:
            x = layer(x, None)
            continue
        if x_gem is None:
            x_gem = x
        attn = layer.self_attn
        h = layer.layer_norm1(x)
        b, t, c = h.shape
        heads = attn.num_heads
        split = lambda y: y.view(b, t, heads, c // heads).transpose(1, 2)
        q, kk, v = split(attn.q_proj(h)), split(attn.k_proj(h)), split(attn.v_proj(h))
        inv_temp = h.norm(dim=-1).mean(dim=-1)[:, None, None, None] * attn.scale
        outs = []
        for s in (v, kk, q):
            s = torch.nn.functional.normalize(s, dim=-1)
            s = torch.softmax(s @ s.transpose(-2, -1) * inv_temp, dim=-1) @ s
            s = torch.nn.functional.normalize(s, dim=-1)
            outs.append(torch.softmax(s @ s.transpose(-2, -1) * inv_temp, dim=-1) @ v)
        gem = sum(outs) / 3
        x_gem = x_gem + attn.out_proj(gem.transpose(1, 2).reshape(b, t, c))
        x = layer(x, None)
    post = vm.post_layernorm
    return model.visual_projection(post(x_gem[:, 1:])), head(model, x[:, 0])


def soft_mask(gen, k, n):
    m = (torch.rand(k, n, generator=gen) > 0.4).float() * torch.rand(k, n, generator=gen)
    m[0] = 1.0
    return m


def binary_mask(gen, k, n):
    m = (torch.rand(k, n, generator=gen) > 0.5).float()
    m[0] = 1.0
    m[-1] = 0.0
    m[-1, 0] = 1.0
    return m


def build(name, cfg, seed):
    gen = torch.Generator().manual_seed(seed)
    config = CLIPConfig(text_config=cfg['text'], vision_config=cfg['vision'], projection_dim=cfg['projection_dim'])
    config._attn_implementation = 'eager'
    model = CLIPModel(config).eval()
    randomize(model, gen)
    out_dir = os.path.join(OUT, name)
    shutil.rmtree(out_dir, ignore_errors=True)
    model.to(cfg['dtype']).save_pretrained(out_dir)
    # the reference runs in float32 on exactly the stored (possibly float16) weights
    model = model.float()
    vc, layers = cfg['vision'], cfg['vision']['num_hidden_layers']
    size, patch = vc['image_size'], vc['patch_size']
    n = (size // patch) ** 2
    tensors, cases = {}, []

    def case(case_name, variant, inputs, outputs):
        for key, value in {**inputs, **outputs}.items():
            tensors[f'{case_name}.{key}'] = value.detach().clone().contiguous()
        cases.append(dict(name=case_name, variant=variant, inputs=list(inputs), outputs=list(outputs)))

    with torch.no_grad():
        ids = text_ids(cfg, gen)
        text = model.text_model(input_ids=ids)
        case('text', dict(variant='clip.text'), dict(input_ids=ids),
             dict(text_embeds=model.text_projection(text.pooler_output), last_hidden_state=text.last_hidden_state))

        pixels = torch.randn(2, 3, size, size, generator=gen)
        vis = model.vision_model(pixel_values=pixels, output_hidden_states=True)
        taps = list(range(1, layers + 1))
        patch_taps = [max(1, layers - 1), layers]
        outputs = dict(image_embeds=model.visual_projection(vis.pooler_output))
        outputs.update({f'hidden_state_{l}': vis.hidden_states[l] for l in taps})
        outputs.update({f'patch_embeds_{l}': head(model, -vis.hidden_states[l][:, 1:]) for l in patch_taps})
        case('image', dict(variant='clip.image', taps=taps, patchTaps=patch_taps), dict(pixel_values=pixels), outputs)

        for h, w in cfg['interp']:
            px = torch.randn(1, 3, h, w, generator=gen)
            vis = model.vision_model(pixel_values=px, output_hidden_states=True, interpolate_pos_encoding=True)
            case(f'image-{h}x{w}', dict(variant='clip.image', taps=[layers - 1], imageSize=[h, w]),
                 dict(pixel_values=px),
                 {'image_embeds': model.visual_projection(vis.pooler_output),
                  f'hidden_state_{layers - 1}': vis.hidden_states[layers - 1]})

        one = torch.randn(1, 3, size, size, generator=gen)
        k = 3
        from_block = layers - 2
        tm = binary_mask(gen, k, n)
        case('token-mask', dict(variant='clip.image.token-mask', fromBlock=from_block),
             dict(pixel_values=one, token_mask=tm),
             dict(image_embeds=token_mask_reference(model, one, tm, from_block)))

        pm = binary_mask(gen, k, n)
        for layer_name, blocks in (('final', layers), ('penultimate', layers - 1)):
            mask_embeds, cls = mask_cls_reference(model, one, pm, blocks)
            case(f'mask-cls-{layer_name}', dict(variant='clip.image.mask-cls', layer=layer_name),
                 dict(pixel_values=one, patch_masks=pm), dict(mask_embeds=mask_embeds, image_embeds=cls))

        local = torch.randn(k, 3, size, size, generator=gen)
        glob = torch.randn(k, 3, size, size, generator=gen)
        hm = soft_mask(gen, k, n)
        case('hybrid', dict(variant='clip.image.hybrid', fromBlock=from_block),
             dict(local_pixel_values=local, global_pixel_values=glob, token_mask=hm),
             dict(image_embeds=hybrid_reference(model, local, glob, hm, from_block)))

        gem_blocks = layers - 1
        h, w = cfg['interp'][0]
        px = torch.randn(1, 3, h, w, generator=gen)
        gem, cls = gem_reference(model, px, gem_blocks)
        case('gem', dict(variant='clip.image.gem', gemBlocks=gem_blocks, imageSize=[h, w]), dict(pixel_values=px),
             dict(gem_patch_embeds=gem, image_embeds=cls))

    save_file(tensors, os.path.join(out_dir, 'reference.safetensors'))
    with open(os.path.join(out_dir, 'cases.json'), 'w') as f:
        json.dump(dict(config=name, cases=cases), f, indent=1)
        f.write('\n')


def main():
    torch.set_grad_enabled(False)
    for seed, (name, cfg) in enumerate(CONFIGS.items()):
        build(name, cfg, seed + 11)
        print(name, sorted(os.listdir(os.path.join(OUT, name))))


if __name__ == '__main__':
    main()
