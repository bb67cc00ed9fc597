import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipTokenizer } from '../../../../src/main/vision/clip-tokenizer/tokenizer';
import {
  loadHuggingFaceVocabulary,
  loadOriginalVocabulary,
  loadVocabularyFromFolder,
  mergesText,
  type ClipVocabulary,
} from '../../../../src/main/vision/clip-tokenizer/vocabulary';
import { withTempDir } from '../../../helpers/temp-dir';

// OpenAI's merges list lives beside the repository (../shared/vocab), never committed; HF's vocab.json and
// merges.txt are generated from it at test time.
const MERGES_GZ = join(import.meta.dirname, '../../../../../shared/vocab/clip-bpe-simple-vocab-16e6.txt.gz');
const PARITY = join(import.meta.dirname, '../../../fixtures/vision/tokenizer/clip-parity.json');

interface Parity {
  padded: { texts: string[]; input_ids: number[][]; attention_mask: number[][] };
  corpus: { text: string; ids: number[]; fastIds?: number[] }[];
}

let original: Promise<ClipVocabulary> | undefined;
const originalVocabulary = (): Promise<ClipVocabulary> => (original ??= loadOriginalVocabulary(MERGES_GZ));
const parity = async (): Promise<Parity> => JSON.parse(await readFile(PARITY, 'utf8')) as Parity;

test("the vocabulary built from the original merges list has CLIP's size and special-token ids", async () => {
  const vocab = await originalVocabulary();
  assert.equal(vocab.encoder.size, 49408);
  assert.equal(vocab.ranks.size, 48894);
  const tokenizer = new ClipTokenizer(vocab);
  assert.equal(tokenizer.startId, 49406);
  assert.equal(tokenizer.endId, 49407);
  // Byte tokens come first in bytes_to_unicode order: '!' is byte 0x21 and id 0; 'Ā' (byte 0x00) follows the 188
  // printable bytes.
  assert.equal(vocab.encoder.get('!'), 0);
  assert.equal(vocab.encoder.get('Ā'), 188);
  assert.equal(vocab.encoder.get('!</w>'), 256);
});

test('ids equal Hugging Face CLIPTokenizer on the committed corpus (vocab.json + merges.txt generated here)', async () => {
  const { corpus } = await parity();
  assert.ok(corpus.length >= 200);
  await withTempDir(async (dir) => {
    const vocab = await originalVocabulary();
    await writeFile(join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(vocab.encoder)));
    await writeFile(join(dir, 'merges.txt'), mergesText(vocab));
    const tokenizer = new ClipTokenizer(await loadVocabularyFromFolder(dir));
    const mismatches = corpus.filter((row) => JSON.stringify(tokenizer.encode(row.text)) !== JSON.stringify(row.ids));
    assert.deepEqual(
      mismatches.map((m) => ({ text: m.text, expected: m.ids, actual: tokenizer.encode(m.text) })),
      [],
    );
  });
});

test('the original merges list and the HF files tokenize identically; the fast tokenizer differs where recorded', async () => {
  const { corpus } = await parity();
  const tokenizer = new ClipTokenizer(await originalVocabulary());
  for (const row of corpus) assert.deepEqual(tokenizer.encode(row.text), row.ids, JSON.stringify(row.text));
  // CLIPTokenizerFast neither drops control characters nor spaces out CJK ideographs, and lower-cases Σ without
  // the final-sigma rule; RefLabel follows the slow tokenizer, so those rows must differ from the fast ids.
  const differing = corpus.filter((r) => r.fastIds);
  assert.ok(differing.some((r) => r.text === 'ΟΔΟΣ'));
  for (const row of differing) assert.notDeepEqual(tokenizer.encode(row.text), row.fastIds);
});

test('batches pad with the end token to 77, mask the padding, and keep the end token when truncating', async () => {
  const { padded, corpus } = await parity();
  const tokenizer = new ClipTokenizer(await originalVocabulary());
  const batch = tokenizer.encodeBatch(padded.texts);
  assert.deepEqual(batch.shape, [2, 77]);
  assert.deepEqual([...batch.inputIds].map(Number), padded.input_ids.flat());
  assert.deepEqual([...batch.attentionMask].map(Number), padded.attention_mask.flat());
  assert.deepEqual(batch.endPositions, [padded.input_ids[0].indexOf(49407), 1]);

  const long = corpus.find((r) => r.text === 'a '.repeat(80))!;
  assert.equal(long.ids.length, 77);
  const truncated = tokenizer.encodeBatch([long.text], { padId: 0 });
  assert.equal(truncated.inputIds[76], 49407n);
  assert.equal(truncated.endPositions[0], 76);
  assert.throws(() => tokenizer.encode(long.text, { truncate: false }), /longer than the context of 77/);

  const openai = tokenizer.encodeBatch(['a photo of a cat'], { padId: 0 });
  assert.deepEqual([...openai.inputIds.subarray(0, 8)].map(Number), [...padded.input_ids[0].slice(0, 7), 0]);
});

test('malformed vocabulary files are refused with the file named', async () => {
  await withTempDir(async (dir) => {
    const vocab = join(dir, 'vocab.json');
    const merges = join(dir, 'merges.txt');
    await writeFile(vocab, JSON.stringify({ a: 0, 'b</w>': 1, 'ab</w>': 2, '<|startoftext|>': 3, '<|endoftext|>': 4 }));
    await writeFile(merges, '#version: 0.2\na b</w>\n');
    const tokenizer = new ClipTokenizer(await loadHuggingFaceVocabulary(vocab, merges));
    assert.deepEqual(tokenizer.encode('AB'), [3, 2, 4]);
    // 'b' and 'a</w>' are not in this toy vocabulary: unknown symbols map to the end token, as in the reference.
    assert.deepEqual(tokenizer.encode('ba'), [3, 4, 4, 4]);
    await writeFile(merges, '#version: 0.2\na b c\n');
    await assert.rejects(loadHuggingFaceVocabulary(vocab, merges), /merges\.txt: line 2 is not a merge/);
    await writeFile(merges, '#version: 0.2\na x\n');
    await assert.rejects(loadHuggingFaceVocabulary(vocab, merges), /merge 'a x' makes 'ax', which .*vocab\.json lacks/);
    await writeFile(vocab, '[1,2]');
    await assert.rejects(loadHuggingFaceVocabulary(vocab, merges), /vocab\.json: not a vocab\.json/);
    await writeFile(vocab, JSON.stringify({ a: 0 }));
    await writeFile(merges, '#version: 0.2\n');
    await assert.rejects(loadHuggingFaceVocabulary(vocab, merges), /merges\.txt: no merges/);
  });
});
