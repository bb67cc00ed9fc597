"""Writes the reference answers the masks library is tested against (test/fixtures/masks/*.json).

RLE, area, bbox, IoU, merge and polygon rasterisation come from pycocotools, hole filling from
scipy.ndimage.binary_fill_holes, connected components from OpenCV's connectedComponentsWithStats (with
segment-anything's remove_small_regions transcribed on top of it), resizing from PyTorch's F.interpolate.
Run from the repository root with the Python that has numpy, scipy and pycocotools:

    python3 test/tools/make_mask_fixtures.py

Debian's python3-torch and python3-opencv (apt-get install -y python3-torch python3-opencv) install into
/usr/bin/python3, which lacks pycocotools, so that part re-runs this script under that interpreter
(`--debian-part`). Everything is seeded: re-running gives the same files.

Masks are stored independently of RLE so that the tests do not check the library against itself: small masks as
hex of their row-major bits (numpy.packbits, most significant bit first), large ones as a list of rectangles
[x, y, width, height] whose union is the mask.
"""

import json
import os
import subprocess
import sys

import numpy as np

OUT = os.path.join('test', 'fixtures', 'masks')
DEBIAN_PYTHON = '/usr/bin/python3'


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print(f'{path}: {os.path.getsize(path)} bytes')


def bits(mask):
    return np.packbits(mask.astype(np.uint8).ravel()).tobytes().hex()


def from_rects(h, w, rects):
    m = np.zeros((h, w), np.uint8)
    for x, y, rw, rh in rects:
        m[y:y + rh, x:x + rw] = 1
    return m


def blobs(rng, h, w, n, noise):
    yy, xx = np.mgrid[0:h, 0:w]
    m = np.zeros((h, w), np.uint8)
    for _ in range(n):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        rx, ry = rng.uniform(1, w / 2), rng.uniform(1, h / 2)
        inside = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 < 1
        m = m ^ inside.astype(np.uint8) if rng.random() < 0.3 else m | inside.astype(np.uint8)
    flip = rng.random((h, w)) < noise
    return (m ^ flip).astype(np.uint8)


def column_major_runs(m):
    """Run lengths computed with numpy alone, as a second opinion next to pycocotools."""
    flat = np.asfortranarray(m).ravel(order='F').astype(np.int8)
    change = np.flatnonzero(np.diff(np.concatenate([[0], flat])) != 0)
    edges = np.concatenate([[0], change, [flat.size]])
    return [int(v) for v in np.diff(edges)]


def rle_of(m):
    from pycocotools import mask as mu
    return mu.encode(np.asfortranarray(m.astype(np.uint8)))


def rle_case(name, m, desc):
    from pycocotools import mask as mu
    r = rle_of(m)
    h, w = m.shape
    return {
        'name': name,
        'height': h,
        'width': w,
        **desc,
        'counts': r['counts'].decode('ascii'),
        'uncompressed': column_major_runs(m),
        'area': int(mu.area(r)),
        'bbox': [int(v) for v in mu.toBbox(r)],
    }


def make_rle(rng):
    cases = []

    def small(name, m):
        cases.append(rle_case(name, m, {'bits': bits(m)}))

    def large(name, h, w, rects):
        cases.append(rle_case(name, from_rects(h, w, rects), {'rects': rects}))

    small('empty 5x7', np.zeros((5, 7), np.uint8))
    small('full 5x7', np.ones((5, 7), np.uint8))
    m = np.zeros((4, 6), np.uint8)
    m[0, 0] = 1
    small('first pixel', m)
    m = np.zeros((4, 6), np.uint8)
    m[3, 5] = 1
    small('last pixel', m)
    m = np.zeros((4, 6), np.uint8)
    m[2, 3] = 1
    small('single pixel', m)
    small('1xN', (rng.random((1, 23)) < 0.5).astype(np.uint8))
    small('Nx1', (rng.random((19, 1)) < 0.5).astype(np.uint8))
    small('1x1 on', np.ones((1, 1), np.uint8))
    small('1x1 off', np.zeros((1, 1), np.uint8))
    small('checkerboard', (np.indices((9, 11)).sum(0) % 2).astype(np.uint8))
    small('stripes rows', (np.arange(10)[:, None] % 2 * np.ones((1, 13))).astype(np.uint8))
    small('stripes columns', (np.arange(13)[None, :] % 3 == 0) * np.ones((10, 1), np.uint8))
    for i in range(14):
        h, w = int(rng.integers(2, 48)), int(rng.integers(2, 48))
        small(f'blobs {i} {h}x{w}', blobs(rng, h, w, int(rng.integers(1, 5)), float(rng.choice([0, 0.01, 0.05]))))
    for i in range(4):
        h, w = int(rng.integers(1, 40)), int(rng.integers(1, 40))
        small(f'noise {i} {h}x{w}', (rng.random((h, w)) < rng.uniform(0.1, 0.9)).astype(np.uint8))
    # Runs far beyond 2^16 and 2^20 exercise multi-character counts and large deltas of either sign.
    large('large runs 400x500', 400, 500, [[300, 100, 3, 2], [320, 399, 1, 1]])
    large('large runs 3000x4000', 3000, 4000, [[0, 0, 1, 1], [2500, 1200, 700, 1], [3999, 2999, 1, 1]])
    large('huge first run 5000x4000', 5000, 4000, [[3999, 4998, 1, 2]])
    large('huge foreground 4000x3000', 4000, 3000, [[0, 1, 3000, 3999]])
    return cases


def make_uncompressed():
    from pycocotools import mask as mu
    # Hand-written count lists, including zero-length runs in the middle that pycocotools accepts as they are.
    lists = [
        ([3, 4], [0, 12]),
        ([3, 4], [5, 2, 5]),
        ([3, 4], [0, 1, 10, 1]),
        ([3, 4], [2, 0, 3, 7]),
        ([2, 2], [4]),
        ([60, 50], [100, 2000, 30, 5, 865]),
        ([300, 400], [70000, 1, 20, 49979]),
    ]
    cases = []
    for size, counts in lists:
        r = mu.frPyObjects({'size': size, 'counts': counts}, size[0], size[1])
        cases.append({'size': size, 'counts': counts, 'compressed': r['counts'].decode('ascii')})
    return cases


def polygon_cases(rng):
    fixed = [
        ('triangle', 10, 12, [[1, 1, 9, 2, 4, 8]]),
        ('triangle reversed', 10, 12, [[4, 8, 9, 2, 1, 1]]),
        ('rectangle on pixel borders', 8, 9, [[2, 1, 7, 1, 7, 6, 2, 6]]),
        ('rectangle on pixel centres', 8, 9, [[2.5, 1.5, 6.5, 1.5, 6.5, 5.5, 2.5, 5.5]]),
        ('rectangle at 0.4 and 0.6', 8, 9, [[2.4, 1.6, 6.6, 1.4, 6.4, 5.6, 2.6, 5.4]]),
        ('concave L', 12, 12, [[1, 1, 5, 1, 5, 7, 10, 7, 10, 10, 1, 10]]),
        ('concave star', 20, 20, [[10, 1, 12, 8, 19, 8, 13, 12, 16, 19, 10, 14, 4, 19, 7, 12, 1, 8, 8, 8]]),
        ('self-intersecting bowtie', 12, 14, [[1, 1, 12, 10, 12, 1, 1, 10]]),
        ('self-intersecting pentagram', 20, 20, [[10, 1, 15.3, 17.3, 1.4, 7.2, 18.6, 7.2, 4.7, 17.3]]),
        ('sub-pixel triangle', 6, 6, [[2.1, 2.1, 2.8, 2.2, 2.3, 2.9]]),
        ('sub-pixel triangle around a centre', 6, 6, [[2.2, 2.2, 2.9, 2.4, 2.4, 2.95]]),
        ('thin sliver', 10, 10, [[0, 0, 9.9, 9.7, 9.9, 9.9]]),
        ('off-image vertices', 10, 12, [[-3, -2, 15, 4, 6, 14]]),
        ('off-image left and top', 8, 8, [[-5.3, -0.7, 4.2, -3.1, 3.3, 6.6]]),
        ('whole image', 7, 5, [[0, 0, 5, 0, 5, 7, 0, 7]]),
        ('beyond every border', 7, 5, [[-2, -2, 8, -2, 8, 9, -2, 9]]),
        ('repeated vertex', 10, 10, [[1, 1, 1, 1, 8, 2, 8, 2, 3, 8]]),
        ('collinear', 10, 10, [[1, 1, 5, 5, 8, 8]]),
        ('vertical edges on borders', 6, 10, [[3, 0, 3, 6, 7, 6, 7, 0]]),
        ('two disjoint polygons', 12, 16, [[1, 1, 5, 1, 5, 5, 1, 5], [8, 6, 14, 7, 10, 11]]),
        ('two overlapping polygons', 12, 16, [[1, 1, 9, 1, 9, 9, 1, 9], [5, 4, 14, 5, 8, 11]]),
        ('three polygons, one inside another', 14, 14, [[1, 1, 13, 1, 13, 13, 1, 13], [4, 4, 9, 4, 9, 9], [11.2, 0.3, 13.8, 2.1, 12.1, 3.7]]),
        ('touching polygons', 10, 10, [[1, 1, 5, 1, 5, 8, 1, 8], [5, 1, 9, 1, 9, 8, 5, 8]]),
        ('1-row image', 1, 10, [[0.5, -1, 8.5, -1, 4, 3]]),
        ('1-column image', 10, 1, [[-1, 0.5, 2, 2, 0.7, 9.2]]),
    ]
    cases = [(n, h, w, p) for n, h, w, p in fixed]
    for i in range(30):
        h, w = int(rng.integers(5, 40)), int(rng.integers(5, 40))
        npoly = int(rng.integers(1, 4))
        polys = []
        for _ in range(npoly):
            k = int(rng.integers(3, 9))
            xs = rng.uniform(-3, w + 3, k)
            ys = rng.uniform(-3, h + 3, k)
            if rng.random() < 0.3:
                xs, ys = np.round(xs * 2) / 2, np.round(ys * 2) / 2
            poly = np.stack([xs, ys], 1).ravel()
            polys.append([round(float(v), 3) for v in poly])
        cases.append((f'random {i}', h, w, polys))
    return cases


def make_polygons(rng):
    from pycocotools import mask as mu
    out = []
    for name, h, w, polys in polygon_cases(rng):
        singles = [r['counts'].decode('ascii') for r in mu.frPyObjects(polys, h, w)]
        merged = mu.merge(mu.frPyObjects(polys, h, w))
        m = mu.decode(merged)
        out.append({
            'name': name,
            'height': h,
            'width': w,
            'polygons': polys,
            'single': singles,
            'counts': merged['counts'].decode('ascii'),
            'bits': bits(m),
        })
    return out


def make_geometry(rng):
    from pycocotools import mask as mu
    masks = []
    h, w = 23, 31
    masks.append(np.zeros((h, w), np.uint8))
    for i in range(7):
        masks.append(blobs(rng, h, w, int(rng.integers(1, 4)), 0.0 if i % 2 else 0.02))
    full = np.ones((h, w), np.uint8)
    masks.append(full)
    rles = [rle_of(m) for m in masks]
    crowd = [i % 3 == 0 for i in range(len(rles))]
    iou = mu.iou(rles, rles, [0] * len(rles))
    iou_crowd = mu.iou(rles, rles, [int(c) for c in crowd])
    merges = []
    for idx in ([1, 2], [2, 3, 4], [1, 5], [0, 3], [6, 7, 8], [4]):
        for intersect in (False, True):
            r = mu.merge([rles[i] for i in idx], intersect=intersect)
            merges.append({'inputs': idx, 'intersect': intersect, 'counts': r['counts'].decode('ascii')})
    return {
        'height': h,
        'width': w,
        'masks': [bits(m) for m in masks],
        'iscrowd': crowd,
        'iou': np.asarray(iou).tolist(),
        'iouCrowd': np.asarray(iou_crowd).tolist(),
        'merges': merges,
    }


def short(v):
    """A float32 as the shortest decimal that reads back to the same float32."""
    return float(str(np.float32(float(v))))


def make_resize():
    import torch
    import torch.nn.functional as F
    g = torch.Generator().manual_seed(7)
    cases = []
    # Up- and downscaling by whole and fractional factors, identity, 2x (a special case in aten), 1-pixel sides.
    shapes = [((5, 7), (12, 9)), ((12, 9), (5, 7)), ((4, 4), (8, 8)), ((3, 5), (3, 5)), ((6, 10), (7, 10)),
              ((8, 6), (32, 24)), ((17, 13), (31, 3)), ((1, 6), (4, 11)), ((9, 1), (2, 5)),
              ((7, 11), (14, 22)), ((13, 29), (40, 31)), ((25, 19), (7, 6))]
    for (sh, sw), (dh, dw) in shapes:
        src = torch.round(torch.randn(1, 1, sh, sw, generator=g, dtype=torch.float32) * 1000) / 100
        bil = F.interpolate(src, size=(dh, dw), mode='bilinear', align_corners=False)
        binary = (torch.rand(1, 1, sh, sw, generator=g) < 0.5).to(torch.float32)
        near = F.interpolate(binary, size=(dh, dw), mode='nearest')
        cases.append({
            'srcHeight': sh, 'srcWidth': sw, 'dstHeight': dh, 'dstWidth': dw,
            'src': [short(v) for v in src.flatten()],
            'bilinear': [short(v) for v in bil.flatten()],
            'binary': [int(v) for v in binary.flatten()],
            'nearest': [int(v) for v in near.flatten()],
        })
    return {'torch': torch.__version__, 'cases': cases}


def raster_order_labels(labels):
    """Renumbers labels 1.. by the raster position of each component's first pixel (0 stays background)."""
    flat = labels.ravel()
    order = {}
    for v in flat:
        if v != 0 and v not in order:
            order[v] = len(order) + 1
    out = np.zeros_like(flat)
    for old, new in order.items():
        out[flat == old] = new
    return out.reshape(labels.shape), order


def sam_remove_small_regions(mask, area_thresh, mode):
    """segment-anything's utils/amg.py remove_small_regions, as published."""
    import cv2
    assert mode in ['holes', 'islands']
    correct_holes = mode == 'holes'
    working_mask = (correct_holes ^ mask).astype(np.uint8)
    n_labels, regions, stats, _ = cv2.connectedComponentsWithStats(working_mask, 8)
    sizes = stats[:, -1][1:]
    small_regions = [i + 1 for i, s in enumerate(sizes) if s < area_thresh]
    if len(small_regions) == 0:
        return mask, False
    fill_labels = [0] + small_regions
    if not correct_holes:
        fill_labels = [i for i in range(n_labels) if i not in fill_labels]
        if len(fill_labels) == 0:
            fill_labels = [int(np.argmax(sizes)) + 1]
    mask = np.isin(regions, fill_labels)
    return mask, True


def make_components():
    import cv2
    rng = np.random.default_rng(99)
    cases = []
    for i in range(10):
        h, w = int(rng.integers(3, 30)), int(rng.integers(3, 30))
        m = blobs(rng, h, w, int(rng.integers(1, 5)), float(rng.choice([0.02, 0.08, 0.2]))).astype(bool)
        case = {'height': h, 'width': w, 'bits': bits(m)}
        for conn in (4, 8):
            n, labels, stats, _ = cv2.connectedComponentsWithStats(m.astype(np.uint8), connectivity=conn)
            relabeled, order = raster_order_labels(labels)
            by_new = sorted(order.items(), key=lambda kv: kv[1])
            case[f'labels{conn}'] = [int(v) for v in relabeled.ravel()]
            case[f'stats{conn}'] = [[int(stats[old, cv2.CC_STAT_AREA]), int(stats[old, cv2.CC_STAT_LEFT]),
                                     int(stats[old, cv2.CC_STAT_TOP]), int(stats[old, cv2.CC_STAT_WIDTH]),
                                     int(stats[old, cv2.CC_STAT_HEIGHT])] for old, _ in by_new]
        cleanups = []
        for mode in ('holes', 'islands'):
            for thresh in (2, 5, 20, 1000):
                out, changed = sam_remove_small_regions(m, thresh, mode)
                cleanups.append({'mode': mode, 'minArea': thresh, 'changed': bool(changed), 'bits': bits(out)})
        case['removeSmallRegions'] = cleanups
        cases.append(case)
    return {'opencv': cv2.__version__, 'cases': cases}


def make_fill_holes(rng):
    from scipy.ndimage import binary_fill_holes
    cases = []
    for i in range(10):
        h, w = int(rng.integers(3, 30)), int(rng.integers(3, 30))
        m = blobs(rng, h, w, int(rng.integers(1, 5)), float(rng.choice([0.05, 0.2, 0.4])))
        cases.append({'height': h, 'width': w, 'bits': bits(m), 'filled': bits(binary_fill_holes(m))})
    return cases


def main():
    if '--debian-part' in sys.argv:
        write('resize.json', make_resize())
        write('components.json', make_components())
        return
    from importlib.metadata import version
    rng = np.random.default_rng(20240607)
    write('rle.json', {'pycocotools': version('pycocotools'), 'cases': make_rle(rng),
                       'uncompressed': make_uncompressed()})
    write('polygons.json', make_polygons(rng))
    write('geometry.json', make_geometry(rng))
    write('fill_holes.json', make_fill_holes(rng))
    subprocess.run([DEBIAN_PYTHON, os.path.abspath(__file__), '--debian-part'], check=True)


if __name__ == '__main__':
    main()
