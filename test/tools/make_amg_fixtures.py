"""Reference answers for the automatic-mask-generation tests (test/fixtures/sam/amg_reference.json).

An independent NumPy/PyTorch transcription of segment-anything's SamAutomaticMaskGenerator (generate,
_process_crop, _process_batch, postprocess_small_regions and the helpers of utils/amg.py), written from its
documented behaviour and run in the official order: every decoded mask upsampled to crop resolution with
F.interpolate before it is filtered, NMS by torchvision.ops.batched_nms, connected components by OpenCV. Two
switches the TypeScript generator adds are mirrored here so they are checked too: stability on the 256x256 logits
('low-res') and NMS by mask IoU ('mask').

The "decoder" is a closed-form scene: discs (with an optional small hole and a small island) whose logits are a
function of the cell's position in the image, chosen by the prompt point. The TypeScript test evaluates the same
formulas in the same float64 order and rounds to float32, so both sides see identical logits. Run with Debian's
interpreter (python3-torch, python3-torchvision, python3-opencv):

    /usr/bin/python3 test/tools/make_amg_fixtures.py
"""

import itertools
import json
import math
import os

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torchvision.ops import batched_nms

OUT = os.path.join('test', 'fixtures', 'sam', 'amg_reference.json')

IMAGE = {'width': 160, 'height': 120}
# cx, cy, r in image pixels; k: logit slope per pixel; iou: predicted IoU of masks 0..2 at the centre.
OBJECTS = [
    {'cx': 40, 'cy': 40, 'r': 18, 'k': 4, 'hole': [44, 36, 3], 'island': None, 'iou': [0.97, 0.9, 0.95]},
    {'cx': 115, 'cy': 75, 'r': 22, 'k': 3, 'hole': None, 'island': [151, 112, 3], 'iou': [0.96, 0.89, 0.99]},
    {'cx': 130, 'cy': 25, 'r': 6, 'k': 12, 'hole': None, 'island': None, 'iou': [0.95, 0.8, 0.9]},
]
# Masks of a point on no object: the whole crop (stable), an empty mask (stability 0 / 0) and one the IoU filter drops.
BACKGROUND_IOU = [0.9, 0.95, 0.5]

BASE = {
    'pointsPerSide': 8,
    'pointsPerBatch': 16,
    'predIouThresh': 0.86,
    'stabilityScoreThresh': 0.92,
    'stabilityScoreOffset': 1.0,
    'stabilityAt': 'crop',
    'boxNmsThresh': 0.7,
    'nmsBy': 'box',
    'cropNLayers': 1,
    'cropNmsThresh': 0.7,
    'cropOverlapRatio': 512 / 1500,
    'cropNPointsDownscaleFactor': 2,
    'minMaskRegionArea': 50,
    'keepLargest': None,
    'wholeImageFallback': True,
}
SCENARIOS = {
    'official-order': {},
    'low-res-stability': {'stabilityAt': 'low-res'},
    'mask-nms': {'nmsBy': 'mask'},
    'single-crop-no-cleanup': {'cropNLayers': 0, 'minMaskRegionArea': 0, 'pointsPerBatch': 64},
}


def preprocess_shape(h, w, long_side=1024):
    scale = long_side * 1.0 / max(h, w)
    return int(h * scale + 0.5), int(w * scale + 0.5)


def point_grid(n):
    offset = 1 / (2 * n)
    side = np.linspace(offset, 1 - offset, n)
    return np.stack([np.tile(side[None, :], (n, 1)), np.tile(side[:, None], (1, n))], axis=-1).reshape(-1, 2)


def crop_boxes(h, w, n_layers, ratio):
    boxes, layers = [[0, 0, w, h]], [0]
    for i in range(n_layers):
        n = 2 ** (i + 1)
        overlap = int(ratio * min(h, w) * (2 / n))
        cw = int(math.ceil((overlap * (n - 1) + w) / n))
        ch = int(math.ceil((overlap * (n - 1) + h) / n))
        xs = [int((cw - overlap) * j) for j in range(n)]
        ys = [int((ch - overlap) * j) for j in range(n)]
        for x0, y0 in itertools.product(xs, ys):
            boxes.append([x0, y0, min(x0 + cw, w), min(y0 + ch, h)])
            layers.append(i + 1)
    return boxes, layers


def scene_decoder(crop):
    """Logits [N, 3, 256, 256] and IoU [N, 3] for float32 frame points of one crop."""
    x0, y0, x1, y1 = crop
    cw, ch = x1 - x0, y1 - y0
    newh, neww = preprocess_shape(ch, cw)
    sx, sy = neww / cw, newh / ch
    cols = ((np.arange(256, dtype=np.float64) + 0.5) * 4) / sx + x0
    rows = ((np.arange(256, dtype=np.float64) + 0.5) * 4) / sy + y0
    X, Y = np.meshgrid(cols, rows)

    def dist(cx, cy):
        dx, dy = X - cx, Y - cy
        return np.sqrt(dx * dx + dy * dy)

    def object_logits(o):
        d = dist(o['cx'], o['cy'])
        k, r = o['k'], o['r']
        m0 = k * (r - d)
        if o['hole']:
            hx, hy, hr = o['hole']
            m0 = np.minimum(m0, k * (dist(hx, hy) - hr))
        if o['island']:
            ix, iy, ir = o['island']
            m0 = np.maximum(m0, k * (ir - dist(ix, iy)))
        m1 = k * (1.6 * r - d)
        m2 = 0.5 * (r - d) / r
        return np.stack([m0, m1, m2]).astype(np.float32)

    by_object = [object_logits(o) for o in OBJECTS]
    background = np.stack([np.full((256, 256), 2.0), np.full((256, 256), -5.0), np.full((256, 256), -5.0)])
    background = background.astype(np.float32)

    def decode(points):
        logits = np.empty((len(points), 3, 256, 256), dtype=np.float32)
        ious = np.empty((len(points), 3), dtype=np.float32)
        for i, (fx, fy) in enumerate(points.astype(np.float64)):
            px, py = fx / sx + x0, fy / sy + y0
            logits[i], ious[i] = background, BACKGROUND_IOU
            for o, lg in zip(OBJECTS, by_object):
                dx, dy = px - o['cx'], py - o['cy']
                d2 = dx * dx + dy * dy
                if d2 <= o['r'] * o['r']:
                    logits[i] = lg
                    ious[i] = [b - 0.01 * math.sqrt(d2) / o['r'] for b in o['iou']]
                    break
        return logits, ious

    return decode


def mask_boxes(masks):
    """Inclusive xyxy box per mask; zeros for an empty one."""
    out = torch.zeros((len(masks), 4), dtype=torch.int64)
    for i, m in enumerate(masks):
        ys = torch.nonzero(m.any(dim=1)).flatten()
        xs = torch.nonzero(m.any(dim=0)).flatten()
        if len(ys):
            out[i] = torch.tensor([xs[0], ys[0], xs[-1], ys[-1]])
    return out


def near_crop_edge(boxes, crop, orig, atol=20.0):
    crop_t = torch.tensor(crop, dtype=torch.float)
    orig_t = torch.tensor(orig, dtype=torch.float)
    b = boxes.float()
    near_crop = (b - crop_t[None]).abs() <= atol
    near_orig = (b - orig_t[None]).abs() <= atol
    return (near_crop & ~near_orig).any(dim=1)


def rle_counts(mask):
    flat = mask.T.flatten().astype(np.uint8)
    change = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    bounds = np.concatenate([[0], change, [flat.size]])
    counts = list(np.diff(bounds).tolist())
    return counts if flat[0] == 0 else [0] + counts


def remove_small_regions(mask, area, mode):
    holes = mode == 'holes'
    working = (holes ^ mask).astype(np.uint8)
    n, regions, stats, _ = cv2.connectedComponentsWithStats(working, 8)
    sizes = stats[:, -1][1:]
    small = [i + 1 for i, s in enumerate(sizes) if s < area]
    if not small:
        return mask, False
    fill = [0] + small
    if not holes:
        fill = [i for i in range(n) if i not in fill]
        if not fill:
            fill = [int(np.argmax(sizes)) + 1]
    return np.isin(regions, fill), True


def stable_order(scores):
    return sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))


def mask_nms(masks, scores, thresh):
    order = stable_order(scores)
    areas = [int(m.sum()) for m in masks]
    removed, keep = set(), []
    for a, i in enumerate(order):
        if i in removed:
            continue
        keep.append(i)
        for j in order[a + 1:]:
            if j in removed:
                continue
            inter = int(np.logical_and(masks[i], masks[j]).sum())
            union = areas[i] + areas[j] - inter
            if union > 0 and inter / union > thresh:
                removed.add(j)
    return keep


def dedupe(data, scores, thresh, by):
    if by == 'box':
        s = torch.as_tensor(np.asarray(scores, dtype=np.float32))
        return batched_nms(data['boxes'].float(), s, torch.zeros(len(s)), thresh).tolist()
    return mask_nms(data['masks'], scores, thresh)


def take(data, keep):
    return {k: ([v[i] for i in keep] if isinstance(v, list) else v[keep]) for k, v in data.items()}


def generate(p):
    h, w = IMAGE['height'], IMAGE['width']
    grids = [point_grid(int(p['pointsPerSide'] / p['cropNPointsDownscaleFactor'] ** i)) for i in range(p['cropNLayers'] + 1)]
    boxes, layers = crop_boxes(h, w, p['cropNLayers'], p['cropOverlapRatio'])
    counts = dict.fromkeys(['decoded', 'predictedIou', 'stability', 'cropEdge', 'nmsInCrop'], 0)
    parts = []
    for crop, layer in zip(boxes, layers):
        x0, y0, x1, y1 = crop
        cw, ch = x1 - x0, y1 - y0
        newh, neww = preprocess_shape(ch, cw)
        decode = scene_decoder(crop)
        points = grids[layer] * np.array([[cw, ch]])
        frame = points.copy()
        frame[:, 0] *= neww / cw
        frame[:, 1] *= newh / ch
        data = {'masks': [], 'boxes': torch.zeros((0, 4), dtype=torch.int64), 'iou': [], 'stability': [], 'points': []}
        for b in range(0, len(points), p['pointsPerBatch']):
            logits, ious = decode(frame[b:b + p['pointsPerBatch']].astype(np.float32))
            n = len(logits)
            low = torch.from_numpy(logits).flatten(0, 1)
            iou = torch.from_numpy(ious).flatten()
            pts = np.repeat(points[b:b + n], 3, axis=0)
            counts['decoded'] += len(iou)
            up = F.interpolate(low[:, None], (1024, 1024), mode='bilinear', align_corners=False)
            up = F.interpolate(up[..., :newh, :neww], (ch, cw), mode='bilinear', align_corners=False)[:, 0]
            keep = iou > p['predIouThresh'] if p['predIouThresh'] > 0 else torch.ones(len(iou), dtype=torch.bool)
            up, low, iou, pts = up[keep], low[keep], iou[keep], pts[keep.numpy()]
            counts['predictedIou'] += len(iou)
            off = p['stabilityScoreOffset']
            src = up if p['stabilityAt'] == 'crop' else low[:, : math.ceil(newh / 4), : math.ceil(neww / 4)]
            inner = (src > off).sum((-1, -2), dtype=torch.int32)
            outer = (src > -off).sum((-1, -2), dtype=torch.int32)
            stab = inner / outer
            keep = stab >= p['stabilityScoreThresh'] if p['stabilityScoreThresh'] > 0 else torch.ones(len(stab), dtype=torch.bool)
            up, iou, stab, pts = up[keep], iou[keep], stab[keep], pts[keep.numpy()]
            counts['stability'] += len(iou)
            masks = up > 0
            bx = mask_boxes(masks)
            keep = ~near_crop_edge(bx + torch.tensor([x0, y0, x0, y0]), crop, [0, 0, w, h])
            masks, bx, iou, stab, pts = masks[keep], bx[keep], iou[keep], stab[keep], pts[keep.numpy()]
            counts['cropEdge'] += len(iou)
            full = F.pad(masks, (x0, w - x1, y0, h - y1), value=False).numpy()
            data['masks'] += list(full)
            data['boxes'] = torch.cat([data['boxes'], bx + torch.tensor([x0, y0, x0, y0])])
            data['iou'] += iou.tolist()
            data['stability'] += stab.tolist()
            data['points'] += (pts + np.array([[x0, y0]])).tolist()
        data = take(data, dedupe(data, data['iou'], p['boxNmsThresh'], p['nmsBy']))
        counts['nmsInCrop'] += len(data['iou'])
        data['crop'] = [crop] * len(data['iou'])
        parts.append(data)
    data = {k: (torch.cat([d[k] for d in parts]) if k == 'boxes' else sum((d[k] for d in parts), [])) for k in parts[0]}
    if len(boxes) > 1:
        prefer_small = [1 / ((c[2] - c[0]) * (c[3] - c[1])) for c in data['crop']]
        data = take(data, dedupe(data, prefer_small, p['cropNmsThresh'], p['nmsBy']))
    counts['nmsAcrossCrops'] = len(data['iou'])
    if p['minMaskRegionArea'] > 0 and data['masks']:
        cleaned, scores = [], []
        for m in data['masks']:
            m, changed_holes = remove_small_regions(m, p['minMaskRegionArea'], 'holes')
            m, changed_islands = remove_small_regions(m, p['minMaskRegionArea'], 'islands')
            cleaned.append(m)
            scores.append(0.0 if changed_holes or changed_islands else 1.0)
        new_boxes = mask_boxes(torch.from_numpy(np.stack(cleaned)))
        trial = {'masks': cleaned, 'boxes': new_boxes}
        keep = dedupe(trial, scores, max(p['boxNmsThresh'], p['cropNmsThresh']), p['nmsBy'])
        for i in keep:
            if scores[i] == 0.0:
                data['masks'][i] = cleaned[i]
                data['boxes'][i] = new_boxes[i]
        data = take(data, keep)
    counts['smallRegions'] = len(data['iou'])
    counts['keepLargest'] = counts['smallRegions']
    records = []
    for i in range(len(data['iou'])):
        b = data['boxes'][i].tolist()
        c = data['crop'][i]
        records.append({
            'counts': rle_counts(data['masks'][i]),
            'area': int(data['masks'][i].sum()),
            'bbox': [b[0], b[1], b[2] - b[0], b[3] - b[1]],
            'predictedIou': data['iou'][i],
            'stabilityScore': data['stability'][i],
            'pointCoords': [data['points'][i]],
            'cropBox': [c[0], c[1], c[2] - c[0], c[3] - c[1]],
        })
    return records, counts


def main():
    scenarios = []
    for name, overrides in SCENARIOS.items():
        params = {**BASE, **overrides}
        records, counts = generate(params)
        scenarios.append({'name': name, 'params': params, 'records': records, 'counts': counts})
        print(f'{name}: {len(records)} masks, counts {counts}')
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'image': IMAGE, 'objects': OBJECTS, 'backgroundIou': BACKGROUND_IOU, 'scenarios': scenarios}, f,
                  separators=(',', ':'))
        f.write('\n')
    print(f'{OUT}: {os.path.getsize(OUT)} bytes')


if __name__ == '__main__':
    main()
