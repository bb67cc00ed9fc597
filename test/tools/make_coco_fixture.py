"""Writes test/fixtures/io/coco-mixed.json (a COCO instances file mixing polygons, uncompressed and compressed RLE,
and a crowd region) and coco-mixed.expected.json: for every annotation the compressed RLE, area and bbox that
pycocotools computes (COCO.annToRLE, mask.area, mask.toBbox). RefLabel's import → export must reproduce them.

Run: python3 test/tools/make_coco_fixture.py   (needs numpy and pycocotools)
"""
import json
import os

import numpy as np
from pycocotools import mask as mask_utils
from pycocotools.coco import COCO

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures', 'io')


def ring(h, w, cy, cx, r_out, r_in):
    yy, xx = np.mgrid[0:h, 0:w]
    d = (yy - cy) ** 2 + (xx - cx) ** 2
    return ((d <= r_out ** 2) & (d > r_in ** 2)).astype(np.uint8)


def blob(h, w, seed):
    rng = np.random.default_rng(seed)
    m = np.zeros((h, w), np.uint8)
    y0, x0 = rng.integers(0, h // 2), rng.integers(0, w // 2)
    m[y0:y0 + h // 3, x0:x0 + w // 3] = 1
    m[rng.integers(0, h, 6), rng.integers(0, w, 6)] = 1
    return m


def compressed(m):
    rle = mask_utils.encode(np.asfortranarray(m))
    return {'size': [int(v) for v in rle['size']], 'counts': rle['counts'].decode('ascii')}


def uncompressed(m):
    flat = m.flatten(order='F')
    counts, current, run = [], 0, 0
    for v in flat:
        if v != current:
            counts.append(run)
            current, run = v, 0
        run += 1
    counts.append(run)
    return {'size': list(m.shape), 'counts': counts}


def main():
    images = [
        {'id': 11, 'file_name': 'a.jpg', 'width': 48, 'height': 36},
        {'id': 12, 'file_name': 'nested/b.png', 'width': 30, 'height': 50},
        {'id': 13, 'file_name': 'c.webp', 'width': 25, 'height': 25},
    ]
    categories = [
        {'id': 3, 'name': 'car', 'supercategory': 'vehicle'},
        {'id': 18, 'name': 'dog', 'supercategory': 'animal'},
        {'id': 1, 'name': 'person', 'supercategory': 'person'},
    ]
    annotations = [
        {'id': 101, 'image_id': 11, 'category_id': 3, 'iscrowd': 0,
         'segmentation': [[2, 2, 20.5, 3, 9.25, 17.75]]},
        {'id': 102, 'image_id': 11, 'category_id': 18, 'iscrowd': 0,
         'segmentation': [[25, 5, 40, 5, 40, 12, 32, 8, 25, 12], [26.4, 20.6, 30.2, 20.6, 30.2, 33.9]]},
        {'id': 103, 'image_id': 11, 'category_id': 1, 'iscrowd': 0,
         'segmentation': compressed(ring(36, 48, 18, 12, 9, 4))},
        {'id': 104, 'image_id': 12, 'category_id': 18, 'iscrowd': 0,
         'segmentation': uncompressed(blob(50, 30, 7))},
        {'id': 105, 'image_id': 12, 'category_id': 1, 'iscrowd': 1,
         'segmentation': uncompressed(blob(50, 30, 8))},
        {'id': 106, 'image_id': 12, 'category_id': 3, 'iscrowd': 0,
         'segmentation': [[-3, 40, 10, 35, 33, 49.9, 5, 55]]},
    ]
    for a in annotations:
        a['area'] = 0
        a['bbox'] = [0, 0, 0, 0]
    coco_json = {'info': {'description': 'RefLabel mixed-segmentation fixture'}, 'images': images,
                 'categories': categories, 'annotations': annotations}
    path = os.path.join(OUT, 'coco-mixed.json')
    with open(path, 'w') as f:
        json.dump(coco_json, f)

    coco = COCO(path)
    expected = {}
    for a in annotations:
        rle = coco.annToRLE(coco.anns[a['id']])
        expected[str(a['id'])] = {
            'counts': rle['counts'].decode('ascii') if isinstance(rle['counts'], bytes) else rle['counts'],
            'size': [int(v) for v in rle['size']],
            'area': int(mask_utils.area(rle)),
            'bbox': [float(v) for v in mask_utils.toBbox(rle)],
        }
    with open(os.path.join(OUT, 'coco-mixed.expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)


if __name__ == '__main__':
    main()
