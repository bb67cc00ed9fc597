import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCocoInstances, parseJson } from '../../../src/main/io/coco-schema';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'io');

test('the fixture written with pycocotools parses to typed records', () => {
  const coco = parseCocoInstances(readFileSync(join(FIXTURES, 'instances.json'), 'utf8'), 'instances.json');
  assert.deepEqual(coco.images, [
    { id: 581857, fileName: 'COCO_train2014_000000581857.jpg', width: 40, height: 30 },
    { id: 9, fileName: 'sub/COCO_train2014_000000000009.jpg', width: 20, height: 16 },
  ]);
  assert.deepEqual(coco.categories, [
    { id: 1, name: 'person', supercategory: 'person' },
    { id: 18, name: 'dog', supercategory: null },
  ]);
  const [polygon, compressed, uncompressed] = coco.annotations;
  assert.deepEqual(polygon, {
    id: 1710283,
    imageId: 581857,
    categoryId: 1,
    segmentation: [[2, 3, 20.5, 3, 20.5, 25, 2, 25]],
    area: 418,
    bbox: [2, 3, 19, 22],
    iscrowd: 0,
  });
  // A 13x7 box with a 2x2 hole, in a 40 wide, 30 high image.
  assert.deepEqual(compressed.segmentation, { size: [30, 40], counts: 'cg07g00000K[O1e0O[O1e0400000000000000g1' });
  assert.equal(compressed.area, 13 * 7 - 2 * 2);
  // Column-major runs of a 5x6 box at x 3..7, y 4..9 in a 20x16 image: 3 empty columns plus 4 rows, then 6 on, 10 off.
  assert.deepEqual(uncompressed.segmentation, { size: [16, 20], counts: [52, 6, 10, 6, 10, 6, 10, 6, 10, 6, 198] });
  assert.deepEqual(uncompressed.bbox, [3, 4, 5, 6]);
});

function base(): unknown {
  return {
    images: [
      { id: 1, file_name: 'a.jpg', width: 4, height: 3 },
      { id: 2, file_name: 'b/c.png', width: 2, height: 2 },
    ],
    categories: [{ id: 5, name: 'cat', supercategory: 'animal' }],
    annotations: [
      { id: 10, image_id: 1, category_id: 5, segmentation: [[0, 0, 3, 0, 3, 2]], iscrowd: 0 },
      { id: 17, image_id: 2, category_id: 5, segmentation: { size: [2, 2], counts: [1, 2, 1] }, iscrowd: 0 },
      {
        id: 20,
        image_id: 2,
        category_id: 5,
        segmentation: { size: [2, 2], counts: '0`0' },
        area: 2,
        bbox: [0, 0, 1, 2],
        iscrowd: 1,
      },
    ],
  };
}

const DELETE = Symbol('delete');

/** base() with the value at a dotted path ('annotations.1.image_id') replaced or deleted. */
function changed(path: string, value: unknown): unknown {
  const root = base() as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, root);
  if (value === DELETE) delete parent[last];
  else parent[last] = value;
  return root;
}

const parse = (value: unknown): ReturnType<typeof parseCocoInstances> =>
  parseCocoInstances(JSON.stringify(value), 'inst.json');

test('optional fields default; a file with images only is valid', () => {
  const coco = parse(base());
  assert.equal(coco.annotations[0].area, null);
  assert.equal(coco.annotations[0].bbox, null);
  assert.equal(coco.annotations[2].iscrowd, 1);
  assert.equal(parse(changed('annotations.0.iscrowd', DELETE)).annotations[0].iscrowd, 0);
  const imagesOnly = { images: (base() as { images: unknown }).images };
  assert.deepEqual(parse(imagesOnly), {
    images: [
      { id: 1, fileName: 'a.jpg', width: 4, height: 3 },
      { id: 2, fileName: 'b/c.png', width: 2, height: 2 },
    ],
    categories: [],
    annotations: [],
  });
});

test('record problems name the file, the record and its index', () => {
  const cases: [string, unknown, string][] = [
    ['annotations.1.image_id', 99, 'annotation 17 (index 1): image_id 99 is not in images'],
    ['annotations.1.category_id', 6, 'annotation 17 (index 1): category_id 6 is not in categories'],
    [
      'annotations.1.segmentation.size',
      [2, 3],
      'annotation 17 (index 1): RLE size [2, 3] does not match image 2, which is 2 high and 2 wide',
    ],
    [
      'annotations.2.segmentation.size',
      [3, 2],
      'annotation 20 (index 2): RLE size [3, 2] does not match image 2, which is 2 high and 2 wide',
    ],
    ['annotations.1.segmentation.size', [2], 'annotation 17 (index 1): RLE size must be [height, width]'],
    ['annotations.0.segmentation', [[0, 0, 3, 0]], 'annotation 10 (index 0): polygon 0 has 2 points, fewer than 3'],
    [
      'annotations.0.segmentation.1',
      [0, 0, 1, 1, 2],
      'annotation 10 (index 0): polygon 1 has an odd number of coordinates (5)',
    ],
    [
      'annotations.0.segmentation.0.3',
      '0',
      'annotation 10 (index 0): polygon 0: coordinate 3 is not a finite number: "0"',
    ],
    ['annotations.0.segmentation.0', 5, 'annotation 10 (index 0): polygon 0 is not a list of coordinates'],
    ['annotations.0.segmentation', [], 'annotation 10 (index 0): segmentation is an empty polygon list'],
    [
      'annotations.0.segmentation',
      'abc',
      'annotation 10 (index 0): segmentation must be a polygon list or an RLE object',
    ],
    ['annotations.0.segmentation', DELETE, 'annotation 10 (index 0): it has no segmentation'],
    ['annotations.1.segmentation.counts', [1, 2, 2], 'annotation 17 (index 1): RLE counts add up to 5, not 2x2 = 4'],
    ['annotations.1.segmentation.counts', [1, -1, 4], 'annotation 17 (index 1): RLE counts[1] is not a count: -1'],
    [
      'annotations.2.segmentation.counts',
      '0`0~',
      'annotation 20 (index 2): RLE counts has an invalid character at 3: "~"',
    ],
    [
      'annotations.2.segmentation.counts',
      null,
      'annotation 20 (index 2): RLE counts must be a string or a list of numbers',
    ],
    ['annotations.2.id', 10, 'annotation 10 (index 2): duplicate id, also at index 0'],
    ['annotations.2.iscrowd', 2, 'annotation 20 (index 2): iscrowd must be 0 or 1, got 2'],
    ['annotations.2.area', -1, 'annotation 20 (index 2): area must be a number >= 0'],
    [
      'annotations.2.bbox',
      [0, 0, -1, 2],
      'annotation 20 (index 2): bbox must be [x, y, width, height] with finite numbers and width, height >= 0',
    ],
    ['annotations.1.id', '17', 'annotation at index 1: id must be an integer, got "17"'],
    ['annotations.1', 17, 'annotation at index 1 is not an object'],
    ['images.1.id', 1, 'image 1 (index 1): duplicate id, also at index 0'],
    ['images.1.file_name', 'a.jpg', "image 2 (index 1): file_name 'a.jpg' is also image 1"],
    ['images.0.width', 0, 'image 1 (index 0): width and height must be positive, got 0x3'],
    ['images.0.height', 2.5, 'image 1 (index 0): height must be an integer, got 2.5'],
    ['images.0.file_name', DELETE, 'image 1 (index 0): file_name must be a non-empty string'],
    ['categories.1', { id: 5, name: 'dog' }, 'category 5 (index 1): duplicate id, also at index 0'],
    ['categories.0.name', '', 'category 5 (index 0): name must be a non-empty string'],
    ['categories.0.supercategory', 3, 'category 5 (index 0): supercategory must be a string'],
    ['images', DELETE, "not a COCO instances file: it has no 'images' list"],
    ['annotations', {}, "not a COCO instances file: 'annotations' is not a list"],
  ];
  for (const [path, value, message] of cases) {
    assert.throws(() => parse(changed(path, value)), new Error(`inst.json: ${message}`), path);
  }
  assert.throws(() => parse([]), new Error('inst.json: not a COCO instances file: the top level is not an object'));
});

test('numbers JSON turns into Infinity are not finite coordinates', () => {
  const text = JSON.stringify(base()).replace('[[0,0,3,0,3,2]]', '[[0,0,3,0,3,2e999]]');
  assert.throws(
    () => parseCocoInstances(text, 'inst.json'),
    new Error('inst.json: annotation 10 (index 0): polygon 0: coordinate 5 is not a finite number: Infinity'),
  );
});

test('malformed JSON gives line and column', () => {
  const cases: [string, string][] = [
    ['{"images": [\n  {"id": 1,}\n]}', 'line 2 column 12: expected a property name, unexpected "}"'],
    ['{"images": [\n  {"id": 1', "line 2 column 11: expected ',' or '}', unexpected end of input"],
    ['', 'line 1 column 1: unexpected end of input'],
    ['{"a": tru}', 'line 1 column 7: expected true'],
    ['{"a": "b\nc"}', 'line 1 column 9: control character in string'],
    ['{"a": "\\x"}', 'line 1 column 8: bad escape in string'],
    ['{"a": 01}', "line 1 column 8: expected ',' or '}', unexpected \"1\""],
    ['{"a": -}', 'line 1 column 7: bad number'],
    ['[1, 2] 3', 'line 1 column 8: unexpected "3" after the end of the data'],
    ['[1,\n\n  "abc', 'line 3 column 3: unterminated string'],
  ];
  for (const [text, where] of cases) {
    assert.throws(() => parseJson(text, 'f.json'), new Error(`f.json: malformed JSON at ${where}`), text);
  }
});

test('a byte-order mark is allowed', () => {
  assert.deepEqual(parseJson('\ufeff[1]', 'f.json'), [1]);
});
