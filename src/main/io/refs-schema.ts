// Validates RefCOCO / RefCOCO+ / RefCOCOg refs: the list of dicts inside refs(*).p, or the same list as JSON.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseJson } from './coco-schema';
import { describe, readPickle } from './pickle';

export interface RefSentence {
  sentId: number;
  /** As the annotator typed it. */
  raw: string;
  /** Lower-cased and cleaned, as RefCOCO's tools made it. */
  sent: string;
  tokens: string[];
}

export interface RefRecord {
  refId: number;
  annId: number;
  imageId: number;
  categoryId: number;
  /** As the file says: train, val, test, testA, testB, and RefCLEF's testC. */
  split: string;
  /** RefCOCO's per-ref name (COCO file name plus _annId); not the image's file. */
  fileName: string | null;
  sentIds: number[];
  sentences: RefSentence[];
}

const REQUIRED = ['ref_id', 'ann_id', 'image_id', 'category_id', 'split', 'sent_ids', 'sentences'] as const;
const SENTENCE_KEYS = ['sent_id', 'raw', 'sent', 'tokens'] as const;

/** Turns a decoded refs pickle (dicts as Map) or parsed JSON (dicts as objects) into checked records. */
export function parseRefs(value: unknown, file: string): RefRecord[] {
  const notRefs = (why: string): Error => new Error(`${file}: not a RefCOCO refs file: ${why}`);
  if (!Array.isArray(value)) throw notRefs(`expected a list of refs, found ${describe(value)}`);

  const refIds = new Map<number, number>();
  const sentIds = new Map<number, number>();
  return value.map((raw, index): RefRecord => {
    const rec = asDict(raw);
    if (!rec) throw notRefs(`record ${index} is ${describe(raw)}, not a dict`);
    for (const key of REQUIRED) if (!rec.has(key)) throw notRefs(`record ${index} has no '${key}'`);

    const refId = integer(rec.get('ref_id'), `${file}: record ${index}: ref_id`);
    const at = `${file}: ref ${refId} (record ${index})`;
    const first = refIds.get(refId);
    if (first !== undefined) throw new Error(`${at}: duplicate ref_id, also record ${first}`);
    refIds.set(refId, index);

    const split = rec.get('split');
    if (typeof split !== 'string' || split === '') throw new Error(`${at}: split must be a non-empty string`);
    const fileName = rec.get('file_name') ?? null;
    if (fileName !== null && typeof fileName !== 'string') throw new Error(`${at}: file_name must be a string`);

    const ids = rec.get('sent_ids');
    if (!Array.isArray(ids)) throw new Error(`${at}: sent_ids must be a list`);
    const sentIdList = ids.map((id, i) => integer(id, `${at}: sent_ids[${i}]`));

    const sentences = rec.get('sentences');
    if (!Array.isArray(sentences)) throw new Error(`${at}: sentences must be a list`);
    const parsed = sentences.map((s, i) => parseSentence(s, `${at}: sentences[${i}]`));
    for (const s of parsed) {
      const other = sentIds.get(s.sentId);
      if (other !== undefined) throw new Error(`${at}: sent_id ${s.sentId} is also in ref ${other}`);
      sentIds.set(s.sentId, refId);
    }
    const listed = parsed.map((s) => s.sentId);
    if (listed.length !== sentIdList.length || listed.some((id, i) => id !== sentIdList[i])) {
      throw new Error(`${at}: sent_ids [${sentIdList}] do not match the sentences' sent_id [${listed}]`);
    }

    return {
      refId,
      annId: integer(rec.get('ann_id'), `${at}: ann_id`),
      imageId: integer(rec.get('image_id'), `${at}: image_id`),
      categoryId: integer(rec.get('category_id'), `${at}: category_id`),
      split,
      fileName,
      sentIds: sentIdList,
      sentences: parsed,
    };
  });
}

/** Reads refs(*).p or its JSON twin; which one is decided by the content, so a misnamed file still loads. */
export async function loadRefsFile(path: string): Promise<RefRecord[]> {
  const file = basename(path);
  const bytes = await readFile(path);
  const json = looksLikeJson(bytes);
  if (json === false && extname(path).toLowerCase() === '.json') {
    throw new Error(`${file}: not a JSON file (it does not start with '[' or '{')`);
  }
  const value = json ? parseJson(bytes.toString('utf8'), file) : readPickle(bytes, { file });
  return parseRefs(value, file);
}

/** JSON starts with '[' or '{' after optional BOM and whitespace; neither byte is a pickle opcode. */
function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b;
}

function parseSentence(raw: unknown, at: string): RefSentence {
  const s = asDict(raw);
  if (!s) throw new Error(`${at} is ${describe(raw)}, not a dict`);
  for (const key of SENTENCE_KEYS) if (!s.has(key)) throw new Error(`${at} has no '${key}'`);
  const tokens = s.get('tokens');
  if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string')) {
    throw new Error(`${at}.tokens must be a list of strings`);
  }
  return {
    sentId: integer(s.get('sent_id'), `${at}.sent_id`),
    raw: text(s, 'raw', at),
    sent: text(s, 'sent', at),
    tokens,
  };
}

function text(dict: Map<unknown, unknown>, key: string, at: string): string {
  const value = dict.get(key);
  if (typeof value !== 'string') throw new Error(`${at}.${key} must be a string, found ${describe(value)}`);
  return value;
}

/** Reads pickle dicts (Map) and JSON objects through the same interface. */
function asDict(value: unknown): Map<unknown, unknown> | null {
  if (value instanceof Map) return value;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return new Map(Object.entries(value));
  }
  return null;
}

function integer(value: unknown, what: string): number {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be an integer, found ${describe(value)}`);
  return value as number;
}
