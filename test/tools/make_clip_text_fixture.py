"""Writes test/fixtures/vision/clip/sd-text-tiny/: a tiny random-weight CLIPTextModel in the layout of Stable
Diffusion v1.5's text_encoder/ (config.json with model_type "clip_text_model", text_model.* weights, no projection),
with fixed input ids and Hugging Face's last_hidden_state and pooler_output, for the same parity test as the full
CLIP checkpoints. Uses the helpers and the Python set-up of make_clip_fixtures.py:
    /tmp/clipvenv/bin/python test/tools/make_clip_text_fixture.py
"""
import json
import os
import shutil

import torch
from safetensors.torch import save_file
from transformers import CLIPTextConfig, CLIPTextModel

from make_clip_fixtures import OUT, randomize, text_ids

NAME = 'sd-text-tiny'
# SD v1.5's text encoder is CLIP ViT-L/14's text tower: quick_gelu and the legacy eos_token_id 2.
TEXT = dict(hidden_size=24, intermediate_size=40, num_attention_heads=4, num_hidden_layers=2, vocab_size=90,
            max_position_embeddings=77, eos_token_id=2, hidden_act='quick_gelu', projection_dim=24)


def main():
    gen = torch.Generator().manual_seed(5)
    config = CLIPTextConfig(**TEXT)
    config._attn_implementation = 'eager'
    model = CLIPTextModel(config).eval()
    randomize(model, gen)
    out_dir = os.path.join(OUT, NAME)
    shutil.rmtree(out_dir, ignore_errors=True)
    model.save_pretrained(out_dir)
    with torch.no_grad():
        ids = text_ids(dict(text=TEXT), gen)
        out = model(input_ids=ids)
    tensors = {'text.input_ids': ids, 'text.last_hidden_state': out.last_hidden_state.contiguous(),
               'text.pooler_output': out.pooler_output.contiguous()}
    save_file(tensors, os.path.join(out_dir, 'reference.safetensors'))
    case = dict(name='text', variant=dict(variant='clip.text'), inputs=['input_ids'],
                outputs=['last_hidden_state', 'pooler_output'])
    with open(os.path.join(out_dir, 'cases.json'), 'w') as f:
        json.dump(dict(config=NAME, cases=[case]), f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
