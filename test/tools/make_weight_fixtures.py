"""Writes the weight-reader fixtures under test/fixtures/vision/weights/.

Run with Debian's python3 (it has python3-torch):  /usr/bin/python3 test/tools/make_weight_fixtures.py

- mixed.safetensors: every dtype, written by hand from the format's spec (struct + json), independent of RefLabel's
  writer; mixed.safetensors.expected.json gives each tensor's absolute byte range and values.
- state.pth: a torch.save zip checkpoint shaped like ALBEF.pth ({'model': state_dict, 'config': ..., 'epoch': ...})
  with f32/f16/bf16/i64 tensors, a transposed view, a slice at a storage offset and a tied weight;
  state.pth.expected.json gives each tensor's dtype, shape, stride, storage offset, values, and (for contiguous
  tensors) the absolute byte range computed from the zip's local headers with Python's zipfile.
- legacy.pth: the pre-1.6 non-zip format, which RefLabel refuses with a clear message.
"""
import argparse
import collections
import json
import math
import os
import struct
import zipfile

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'vision', 'weights')


def json_values(array):
    def one(v):
        v = float(v)
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        return v
    return [one(v) for v in np.asarray(array, dtype=np.float64).reshape(-1)]


def write_safetensors():
    rng = np.random.default_rng(7)
    tensors = collections.OrderedDict()
    tensors['encoder.weight'] = ('F32', rng.standard_normal((2, 3)).astype(np.float32))
    half = np.array([1.5, -2.0, 65504.0, 6e-8, np.inf, 0.333], dtype=np.float16)
    tensors['encoder.half'] = ('F16', half)
    bf = torch.tensor([[1.0, -0.1], [3.14159, 1e30]], dtype=torch.bfloat16)
    tensors['encoder.bf16'] = ('BF16', bf)
    tensors['encoder.double'] = ('F64', np.array([0.1, -1e-300], dtype=np.float64))
    tensors['position_ids'] = ('I64', np.array([[0, 1, 2]], dtype=np.int64))
    tensors['bytes'] = ('U8', np.array([0, 1, 254, 255], dtype=np.uint8))
    tensors['flags'] = ('BOOL', np.array([True, False], dtype=np.bool_))
    tensors['empty'] = ('F32', np.zeros((0, 3), dtype=np.float32))

    header, blobs, offset = {'__metadata__': {'format': 'pt', 'note': 'fixture'}}, [], 0
    for name, (dtype, value) in tensors.items():
        if isinstance(value, torch.Tensor):
            raw = value.view(torch.int16).numpy().astype('<i2').tobytes()
        else:
            raw = value.astype(value.dtype.newbyteorder('<')).tobytes()
        header[name] = {'dtype': dtype, 'shape': list(value.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode('utf-8')
    text += b' ' * ((8 - (len(text) + 8) % 8) % 8)
    with open(os.path.join(OUT, 'mixed.safetensors'), 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)

    data_start = 8 + len(text)
    expected = {'dataStart': data_start, 'metadata': header['__metadata__'], 'tensors': {}}
    for name, (dtype, value) in tensors.items():
        begin, end = header[name]['data_offsets']
        values = value.float().numpy() if isinstance(value, torch.Tensor) else value
        expected['tensors'][name] = {
            'dtype': dtype,
            'shape': list(value.shape),
            'begin': data_start + begin,
            'end': data_start + end,
            'values': json_values(values),
        }
    with open(os.path.join(OUT, 'mixed.safetensors.expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)


def write_pth():
    g = torch.Generator().manual_seed(3)
    base = torch.randn(4, 6, generator=g)
    state = collections.OrderedDict()
    state['visual_encoder.cls_token'] = torch.randn(1, 1, 5, generator=g)
    state['visual_encoder.proj.weight'] = base
    state['visual_encoder.proj.weight_t'] = base.t()  # a transposed view of the same storage
    state['visual_encoder.row'] = base[2, 1:5]  # a slice at a storage offset
    state['text_encoder.embeddings.position_ids'] = torch.arange(7).unsqueeze(0)
    state['text_encoder.half'] = torch.randn(3, 2, generator=g).half()
    state['text_encoder.bf16'] = torch.randn(2, 2, generator=g).bfloat16()
    state['text_encoder.tied'] = state['visual_encoder.cls_token']
    state['itm_head.bias'] = torch.nn.Parameter(torch.randn(2, generator=g))
    state._metadata = collections.OrderedDict({'': {'version': 1}})
    checkpoint = {
        'model': state,
        'epoch': 29,
        'config': {'image_res': 256, 'bert_config': 'configs/config_bert.json', 'lr': 1e-4},
        'args': argparse.Namespace(distributed=False, seed=42),
    }
    path = os.path.join(OUT, 'state.pth')
    torch.save(checkpoint, path)

    with zipfile.ZipFile(path) as z:
        infos = {i.filename: i for i in z.infolist()}
    with open(path, 'rb') as f:
        raw = f.read()

    def data_start(member):
        info = infos[member]
        name_len, extra_len = struct.unpack('<HH', raw[info.header_offset + 26:info.header_offset + 30])
        return info.header_offset + 30 + name_len + extra_len

    # Which storage member holds each tensor: torch numbers storages in the order it meets them.
    keys = {}
    expected = {}
    for name, t in state.items():
        ptr = t.untyped_storage().data_ptr() if hasattr(t, 'untyped_storage') else t.storage().data_ptr()
        keys.setdefault(ptr, str(len(keys)))
        key = keys[ptr]
        member = next(m for m in infos if m.endswith('/data/' + key))
        size = t.element_size()
        entry = {
            'dtype': {torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16', torch.int64: 'I64'}[t.dtype],
            'shape': list(t.shape),
            'stride': list(t.stride()),
            'storageOffset': t.storage_offset(),
            'member': member,
            'values': json_values(t.detach().float().numpy()),
            'range': None,
        }
        if t.is_contiguous():
            begin = data_start(member) + t.storage_offset() * size
            entry['range'] = {'begin': begin, 'end': begin + t.numel() * size}
        expected['model.' + name] = entry
    with open(path + '.expected.json', 'w') as f:
        json.dump({'epoch': 29, 'tensors': expected}, f, indent=1)

    torch.save({'w': torch.ones(2)}, os.path.join(OUT, 'legacy.pth'), _use_new_zipfile_serialization=False)


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    write_safetensors()
    write_pth()
