"""Writes the reference answers the methods' pure parts are tested against (test/fixtures/methods/*.json).

blur.json: OpenCV's cv2.GaussianBlur(img, (15, 15), 0), the call HybridGL's code makes for its global image, on
8-bit and float32 RGB images, plus cv2.getGaussianKernel(15, 0).
hybridgl.json: HybridGL's scoring (spatial relationship guidance, spatial coherence with positional ramps, final
fusion) transcribed from the authors' HF_GL_main.py / utils.py onto small random inputs, in PyTorch, with the
authors' "right" comparison bug fixed and the up/down ramps enabled, as METHODS.md §2 asks.

Needs Debian's python3-torch and python3-opencv (apt-get install -y python3-torch python3-opencv), which install
into /usr/bin/python3. Run from the repository root:

    /usr/bin/python3 test/tools/make_methods_fixtures.py

Everything is seeded: re-running gives the same files.
"""

import json
import os

import cv2
import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join('test', 'fixtures', 'methods')


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print(f'{path}: {os.path.getsize(path)} bytes')


def floats(a):
    return [float(f'{v:.9g}') for v in np.asarray(a, dtype=np.float64).ravel()]


def blur_fixture():
    rng = np.random.default_rng(7)
    cases = []
    # Noise, a hard-edged pattern (rounding sits on .5 more often there), and images smaller than the kernel,
    # where reflection has to fold more than once.
    noise = rng.integers(0, 256, size=(13, 19, 3), dtype=np.uint8)
    pattern = np.zeros((11, 16, 3), dtype=np.uint8)
    pattern[:, ::3, 0] = 255
    pattern[::2, :, 1] = 200
    pattern[3:8, 4:12, 2] = 17
    tiny = rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
    column = rng.integers(0, 256, size=(9, 1, 3), dtype=np.uint8)
    for name, img in [('noise', noise), ('pattern', pattern), ('tiny', tiny), ('column', column)]:
        h, w, _ = img.shape
        f = img.astype(np.float32) / 255
        cases.append({
            'name': name,
            'width': w,
            'height': h,
            'image': img.ravel().tobytes().hex(),
            'blurred': cv2.GaussianBlur(img, (15, 15), 0).ravel().tobytes().hex(),
            'blurredFloat': floats(cv2.GaussianBlur(f, (15, 15), 0)),
        })
    write('blur.json', {
        'opencv': cv2.__version__,
        'kernel': floats(cv2.getGaussianKernel(15, 0)),
        'cases': cases,
    })


# ---- HybridGL, transcribed from the authors' code ----

def relation_boxes(boxi, boxj, scorei, scorej, relaword):
    if relaword == 'left':
        return scorei * scorej * float((boxi[0] + boxi[2] / 2) < (boxj[0] + boxj[2] / 2))
    if relaword == 'right':
        return scorei * scorej * float((boxi[0] + boxi[2] / 2) > (boxj[0] + boxj[2] / 2))
    if relaword == 'up':
        return scorei * scorej * float((boxi[1] + boxi[3] / 2) < (boxj[1] + boxj[3] / 2))
    if relaword == 'down':
        return scorei * scorej * float((boxi[1] + boxi[3] / 2) > (boxj[1] + boxj[3] / 2))
    if relaword == 'big':
        return scorei * scorej * float((boxi[2] * boxi[3]) > (boxj[2] * boxj[3]))
    if relaword == 'small':
        return scorei * scorej * float((boxi[2] * boxi[3]) < (boxj[2] * boxj[3]))
    if relaword == 'within':
        x1 = max(boxi[0], boxj[0])
        x2 = max(x1, min(boxi[0] + boxi[2], boxj[0] + boxj[2]))
        y1 = max(boxi[1], boxj[1])
        y2 = max(y1, min(boxi[1] + boxi[3], boxj[1] + boxj[3]))
        return scorei * scorej * (x2 - x1) * (y2 - y1) / (boxi[2] * boxi[3])
    return scorei


def gen_dir_mask(dirflag, height, width):
    if dirflag == 'left':
        return torch.linspace(1, 0, width).expand(height, width)
    if dirflag == 'right':
        return torch.linspace(0, 1, width).expand(height, width)
    if dirflag == 'middle':
        b = torch.cat([torch.linspace(0, 1, width // 2), torch.linspace(1, 0, width - width // 2)])
        return b.expand(height, width)
    if dirflag == 'up':
        return torch.linspace(1, 0, height).expand(width, height).t()
    if dirflag == 'down':
        return torch.linspace(0, 1, height).expand(width, height).t()
    return torch.ones(height, width)


def calculate_score(image_features, text_features):
    image_features = image_features / image_features.norm(dim=1, keepdim=True)
    text_features = text_features / text_features.norm(dim=1, keepdim=True)
    return 100.0 * image_features @ text_features.t()


def pixel_box(mask):
    ys, xs = np.nonzero(mask)
    return [int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)]


def hybridgl_case(rng, name, relation, direction, n_other, width=12, height=10, k=7, dim=8):
    masks = np.zeros((k, height, width), dtype=np.uint8)
    for i in range(k):
        x0 = int(rng.integers(0, width - 2))
        y0 = int(rng.integers(0, height - 2))
        x1 = int(rng.integers(x0 + 1, width + 1))
        y1 = int(rng.integers(y0 + 1, height + 1))
        masks[i, y0:y1, x0:x1] = 1
    visual = torch.tensor(rng.standard_normal((k, dim)), dtype=torch.float64)
    sentence = torch.tensor(rng.standard_normal((1, dim)), dtype=torch.float64)
    root = torch.tensor(rng.standard_normal((1, dim)), dtype=torch.float64)
    others = [torch.tensor(rng.standard_normal((1, dim)), dtype=torch.float64) for _ in range(n_other)]
    gem = torch.tensor(rng.random((4, 5)), dtype=torch.float64)

    boxes = [pixel_box(m) for m in masks]
    k1, k2 = 3, 6
    score_attn = calculate_score(visual, 0.5 * sentence + 0.5 * root)
    score_clip = torch.softmax(score_attn, 0)
    k1 = min(k1, len(score_clip))
    maxidxs = torch.topk(score_clip.view(-1), k=k1).indices
    if n_other:
        # The authors' code: the mean of the other phrases' text features, scored like the expression.
        q = torch.softmax(calculate_score(visual, sum(others) / n_other), 0)
        partners = torch.topk(q.view(-1), k=min(k2, len(q))).indices
    else:
        q = score_clip
        partners = maxidxs
    top = np.zeros(k1)
    for a in range(k1):
        for j in partners:
            top[a] += float(relation_boxes(boxes[maxidxs[a]], boxes[j], float(score_clip[maxidxs[a]][0]),
                                           float(q[j][0]), relation))
    t = torch.softmax(torch.tensor(top), 0)

    attn = F.interpolate(gem[None, None], size=(height, width), mode='bilinear', align_corners=False)[0, 0]
    attn = (attn - attn.min()) / (attn.max() - attn.min())
    attn = attn * gen_dir_mask(direction, height, width).double()
    attn = attn / attn.mean()
    black = 1.95 if relation == 'big' else 1.5 if relation == 'small' else 1.8
    gem_scores = []
    for m in masks:
        pm = torch.tensor(m, dtype=torch.float64)
        gem_scores.append(float((attn * (2 - black) * pm / pm.sum()).sum()
                                - (attn * black * (1 - pm) / (1 - pm).sum()).sum()))
    final = [0.4 * float(t[a]) + 0.6 * gem_scores[int(maxidxs[a])] for a in range(k1)]
    return {
        'name': name,
        'relation': relation,
        'direction': direction,
        'width': width,
        'height': height,
        'dim': dim,
        'masks': [m.ravel().tolist() for m in masks],
        'visual': floats(visual),
        'sentence': floats(sentence),
        'root': floats(root),
        'others': [floats(o) for o in others],
        'gem': floats(gem),
        'gemWidth': 5,
        'gemHeight': 4,
        'candidates': [int(i) for i in maxidxs],
        'partners': [int(j) for j in partners],
        'relationSums': floats(top),
        'relationScores': floats(t),
        'coherence': floats(gem_scores),
        'heatMap': floats(attn),
        'final': floats(final),
        'best': int(maxidxs[int(np.argmax(final))]),
    }


def hybridgl_fixture():
    rng = np.random.default_rng(11)
    cases = []
    for relation, direction, n_other in [
        ('none', 'none', 0), ('left', 'left', 2), ('right', 'right', 1), ('up', 'up', 2), ('down', 'down', 1),
        ('big', 'middle', 0), ('small', 'none', 1), ('within', 'none', 2), ('right', 'none', 0),
    ]:
        cases.append(hybridgl_case(rng, f'{relation}/{direction}/{n_other} other', relation, direction, n_other))
    write('hybridgl.json', {'cases': cases})


if __name__ == '__main__':
    torch.set_default_dtype(torch.float64)
    blur_fixture()
    hybridgl_fixture()
