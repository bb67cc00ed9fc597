"""Hugging Face's PyTorch SamModel on the checkpoint bench/sam.bench.ts writes (random weights), for comparison.

usage: python bench/sam_torch.py WEIGHTS_DIR THREADS
Prints one JSON object: encoder seconds, decoder seconds for one click (median) and per batch of 64 points, and the
official pipeline's AMG time at 32 and 8 points per side estimated as encoder + decoder batches (the official
generator's filtering and upsampling come on top, so the estimate favours PyTorch).
"""
import json
import os
import statistics
import sys
import time

import torch
from transformers import SamConfig, SamMaskDecoderConfig, SamModel, SamPromptEncoderConfig, SamVisionConfig


def typed(cls, fields):
    """The config's fields with the JSON integers of float-typed fields made floats: JSON (and JavaScript) write 4.0
    as 4, and transformers' strict configs reject an int where the annotation says float (mlp_ratio)."""
    hints = {}
    for klass in reversed(cls.__mro__):
        hints.update(vars(klass).get('__annotations__', {}))
    floats = {k for k, hint in hints.items() if hint in (float, 'float')}
    return {k: float(v) if k in floats and isinstance(v, int) else v for k, v in fields.items()}


def read_config(folder):
    with open(os.path.join(folder, 'config.json')) as f:
        raw = json.load(f)
    return SamConfig(
        vision_config=SamVisionConfig(**typed(SamVisionConfig, raw['vision_config'])),
        prompt_encoder_config=SamPromptEncoderConfig(**typed(SamPromptEncoderConfig, raw['prompt_encoder_config'])),
        mask_decoder_config=SamMaskDecoderConfig(**typed(SamMaskDecoderConfig, raw['mask_decoder_config'])),
    )


def main():
    folder, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    model = SamModel.from_pretrained(folder, config=read_config(folder)).eval()
    g = torch.Generator().manual_seed(0)
    pixels = torch.randn((1, 3, 1024, 1024), generator=g)
    with torch.inference_mode():
        start = time.perf_counter()
        embeddings = model.get_image_embeddings(pixels)
        encoder = time.perf_counter() - start
        clicks = []
        for i in range(6):
            points = torch.tensor([[[[100.0 + 50 * i, 200.0]]]])
            start = time.perf_counter()
            model(image_embeddings=embeddings, input_points=points, multimask_output=True)
            clicks.append(time.perf_counter() - start)
        grid = torch.rand((1, 64, 1, 2), generator=g) * 1024
        start = time.perf_counter()
        model(image_embeddings=embeddings, input_points=grid, multimask_output=True)
        batch = time.perf_counter() - start
    print(json.dumps(dict(encoder_s=encoder, click_ms=1000 * statistics.median(clicks[1:]), batch64_s=batch,
                          amg32_s=encoder + 16 * batch, amg8_s=encoder + batch, threads=threads)))


if __name__ == '__main__':
    main()
