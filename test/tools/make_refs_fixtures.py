# -*- coding: utf-8 -*-
# Writes the pickle, RefCOCO refs and COCO instances fixtures under test/fixtures/io/.
#
#   python3 test/tools/make_refs_fixtures.py
#
# Python 3 writes its own pickles, the JSON twins and instances.json, then runs this same file under Python 2.7
# (PYTHON2, default ~/.pyenv/versions/2.7.18/bin/python) for the Python 2 pickles, the kind RefCOCO ships: byte
# strings (STRING, SHORT_BINSTRING, BINSTRING), INT/LONG text opcodes, cPickle's memo. Finally Python 3 loads every
# pickle back with pickle.load(encoding='latin1') and checks it against the data, so the fixtures agree with Python.
# This file must stay valid Python 2 and 3.
import collections
import json
import math
import os
import pickle
import subprocess
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'io')
PY2 = sys.version_info[0] == 2

# In Python 2 these literals are byte strings (str), in Python 3 text: 'caf\xe9' is the bytes c a f E9 in one and
# "café" in the other, which is exactly the pair a latin1 load of a Python 2 pickle must make equal.
SPLIT_TRAIN = 'train'
REFS = [
    {
        'ref_id': 0,
        'ann_id': 1710283,
        'image_id': 581857,
        'category_id': 1,
        'split': SPLIT_TRAIN,
        'file_name': 'COCO_train2014_000000581857_1710283.jpg',
        'sent_ids': [0, 1],
        'sentences': [
            {'tokens': ['the', 'man', 'in', 'the', 'caf\xe9'], 'raw': 'The man in the caf\xe9 ',
             'sent_id': 0, 'sent': 'the man in the caf\xe9'},
            {'tokens': ['man', "'s", 'hat'], 'raw': 'man\'s hat, "left"', 'sent_id': 1, 'sent': "man 's hat left"},
        ],
    },
    {
        'ref_id': 1,
        'ann_id': 300,
        'image_id': 581857,
        'category_id': 18,
        'split': SPLIT_TRAIN,
        'file_name': 'COCO_train2014_000000581857_300.jpg',
        'sent_ids': [2],
        'sentences': [{'tokens': ['dog'], 'raw': 'dog', 'sent_id': 2, 'sent': 'dog'}],
    },
    {
        'ref_id': 70000,
        'ann_id': 7,
        'image_id': 9,
        'category_id': 18,
        'split': 'testA',
        'file_name': 'COCO_train2014_000000000009_7.jpg',
        'sent_ids': [3, 4],
        'sentences': [
            {'tokens': ['white', 'dog'], 'raw': 'white dog', 'sent_id': 3, 'sent': 'white dog'},
            {'tokens': [], 'raw': ' ', 'sent_id': 4, 'sent': ''},
        ],
    },
]


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return type(other) is Point and vars(self) == vars(other)


class Keyword(object):
    """Protocol 4 pickles this with NEWOBJ_EX because __new__ wants a keyword argument."""

    def __new__(cls, a, k=None):
        obj = object.__new__(cls)
        obj.a, obj.k = a, k
        return obj

    def __getnewargs_ex__(self):
        return (self.a,), {'k': self.k}

    def __eq__(self, other):
        return type(other) is Keyword and (self.a, self.k) == (other.a, other.k)


class Storage(object):
    """Stands for a tensor storage: pickled as a persistent id, the way torch.save writes storages."""

    def __init__(self, pid):
        self.pid = pid


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)


def py2_values():
    shared = ['s']
    return {
        'int': 5, 'neg': -7, 'u16': 300, 'i32': 70000, 'long_small': long(5), 'big': 2 ** 64,  # noqa: F821
        'float': 1.5,
        'str': 'caf\xe9 "q" \'s\' \\ \n\t\x00',
        'long_str': 'y' * 300,
        'unicode': u'h\xe9llo \u2603 \U0001F600 back\\slash\nnl',
        'tuple': (1, 'a'), 'list': [1, [2]], 'none': None, 'true': True, 'false': False,
        'shared': [shared, shared],
    }


def py3_values():
    shared = ['s']
    return {
        'small': 5, 'neg': -7, 'u16': 300, 'i32': 70000, 'min32': -2 ** 31, 'big53': 2 ** 53 - 1,
        'big64': 2 ** 64, 'neg_huge': -2 ** 100,
        'float': 1.5, 'tiny': 1e-300, 'neg_zero': -0.0, 'inf': float('inf'), 'ninf': float('-inf'),
        'nan': float('nan'),
        'true': True, 'false': False, 'none': None,
        'text': u'h\xe9llo \u2603 \U0001F600',
        'escapes': u'back\\slash\nnew line "q" \'s\' \\u0041',
        'long_text': u'x' * 300,
        'tuple': (1, 'a'), 'empty_tuple': (), 'tuple1': (1,), 'tuple3': (1, 2, 3), 'tuple4': (1, 2, 3, 4),
        'list': [1, [2, [3]]], 'empty_list': [], 'int_keys': {1: 'one', 2: 'two'},
        'shared': [shared, shared],
    }


def py3_extras(protocol):
    extras = {'bytes': b'\x00\xffab', 'long_bytes': b'\x01' * 300, 'set': {1, 2}, 'frozenset': frozenset([3]),
              'empty_set': set()}
    if protocol >= 5:
        extras['bytearray'] = bytearray(b'xy')
    return extras


def ordered_dict():
    od = collections.OrderedDict([('b', 1), ('a', 2)])
    od._metadata = {'version': 1}
    return od


class PersistentPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj.pid if isinstance(obj, Storage) else None


def persistent_pickle(pid, protocol):
    import io
    buf = io.BytesIO()
    PersistentPickler(buf, protocol=protocol).dump({'weight': Storage(pid), 'step': 3})
    return buf.getvalue()


def main_py2():
    import cPickle
    for protocol in (0, 2):
        write('refs_py2_p%d.p' % protocol, cPickle.dumps(REFS, protocol))
        write('values_py2_p%d.p' % protocol, cPickle.dumps(py2_values(), protocol))


def main_py3():
    if not os.path.isdir(OUT):
        os.makedirs(OUT)
    for protocol in (0, 2, 4):
        write('refs_p%d.p' % protocol, pickle.dumps(REFS, protocol))
    with open(os.path.join(OUT, 'refs.json'), 'w', encoding='utf-8') as f:
        json.dump(REFS, f, ensure_ascii=False, indent=1)
    for protocol in range(0, 6):
        write('values_p%d.p' % protocol, pickle.dumps(py3_values(), protocol))
    for protocol in (4, 5):
        write('extras_p%d.p' % protocol, pickle.dumps(py3_extras(protocol), protocol))
    write('set_p2.p', pickle.dumps({1, 2}, 2))
    write('ordered_p2.p', pickle.dumps(ordered_dict(), 2))
    write('objects_p2.p', pickle.dumps([Point(1, 2), Point(3, 'z')], 2))
    write('objects_p4.p', pickle.dumps([Point(1, 2), Keyword(5, k='v')], 4))
    write('persid_p0.p', persistent_pickle('storage0', 0))
    write('persid_p2.p', persistent_pickle(('storage', 'key0', 12), 2))
    write_instances()

    python2 = os.environ.get('PYTHON2', os.path.expanduser('~/.pyenv/versions/2.7.18/bin/python'))
    subprocess.check_call([python2, os.path.abspath(__file__)])
    check_py3()


def write_instances():
    import numpy as np
    from pycocotools import mask as mask_utils

    images = [
        {'id': 581857, 'file_name': 'COCO_train2014_000000581857.jpg', 'width': 40, 'height': 30},
        {'id': 9, 'file_name': 'sub/COCO_train2014_000000000009.jpg', 'width': 20, 'height': 16},
    ]
    categories = [{'id': 1, 'name': 'person', 'supercategory': 'person'}, {'id': 18, 'name': 'dog'}]

    polygon = [[2.0, 3.0, 20.5, 3.0, 20.5, 25.0, 2.0, 25.0]]
    poly_rle = mask_utils.merge(mask_utils.frPyObjects(polygon, 30, 40))

    dog = np.zeros((30, 40), dtype=np.uint8, order='F')
    dog[5:12, 25:38] = 1
    dog[7:9, 28:30] = 0  # a hole, which a polygon could not keep
    dog_rle = mask_utils.encode(dog)

    small = np.zeros((16, 20), dtype=np.uint8)
    small[4:10, 3:8] = 1
    flat = small.flatten(order='F')
    counts, value, run = [], 0, 0
    for pixel in flat:
        if pixel == value:
            run += 1
        else:
            counts.append(run)
            value, run = pixel, 1
    counts.append(run)

    def ann(ann_id, image_id, category_id, segmentation, rle):
        return {'id': ann_id, 'image_id': image_id, 'category_id': category_id, 'segmentation': segmentation,
                'area': int(mask_utils.area(rle)), 'bbox': [float(v) for v in mask_utils.toBbox(rle)],
                'iscrowd': 0}

    annotations = [
        ann(1710283, 581857, 1, polygon, poly_rle),
        ann(300, 581857, 18, {'size': [30, 40], 'counts': dog_rle['counts'].decode('ascii')}, dog_rle),
        ann(7, 9, 18, {'size': [16, 20], 'counts': [int(c) for c in counts]},
            mask_utils.frPyObjects({'size': [16, 20], 'counts': [int(c) for c in counts]}, 16, 20)),
    ]
    with open(os.path.join(OUT, 'instances.json'), 'w') as f:
        json.dump({'info': {'description': 'RefLabel test fixture'}, 'images': images,
                   'categories': categories, 'annotations': annotations}, f, indent=1)


def load(name):
    with open(os.path.join(OUT, name), 'rb') as f:
        return pickle.load(f, encoding='latin1')


def check_py3():
    with open(os.path.join(OUT, 'refs.json'), encoding='utf-8') as f:
        assert json.load(f) == REFS
    for name in ('refs_p0.p', 'refs_p2.p', 'refs_p4.p', 'refs_py2_p0.p', 'refs_py2_p2.p'):
        assert load(name) == REFS, name
    for protocol in range(0, 6):
        got, want = load('values_p%d.p' % protocol), py3_values()
        assert math.isnan(got.pop('nan')) and math.isnan(want.pop('nan'))
        assert got == want and got['shared'][0] is got['shared'][1], protocol
    py2 = load('values_py2_p0.p')
    assert py2['str'] == u'caf\xe9 "q" \'s\' \\ \n\t\x00' and py2['unicode'] == u'h\xe9llo \u2603 \U0001F600 back\\slash\nnl'
    assert load('values_py2_p2.p') == py2
    assert load('objects_p4.p') == [Point(1, 2), Keyword(5, k='v')]
    print('fixtures written to', os.path.normpath(OUT))


if __name__ == '__main__':
    if PY2:
        main_py2()
    else:
        main_py3()
