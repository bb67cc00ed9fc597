// Text clean-up and pre-tokenization exactly as Hugging Face's (slow) CLIPTokenizer does when ftfy is not installed,
// which is its BERT BasicTokenizer with accent stripping and punctuation splitting off: drop NUL, U+FFFD and
// control/format/unassigned characters; turn whitespace into spaces; put spaces around CJK ideographs; NFC; split
// on whitespace; lower-case. OpenAI's original tokenizer instead runs ftfy and html.unescape; without ftfy on a
// user's machine the Hugging Face behaviour is the one a checkpoint's users get, so it is the reference here.

const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f],
  [0x2b820, 0x2ceaf],
  [0xf900, 0xfaff],
  [0x2f800, 0x2fa1f],
];

const isCjk = (cp: number): boolean => CJK_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
const CONTROL = /^\p{C}$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;

/** The words the BPE stage sees, before the pattern split: cleaned, NFC, lower-cased. */
export function cleanWords(text: string): string[] {
  let out = '';
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || SPACE_SEPARATOR.test(char)) {
      out += ' ';
    } else if (cp === 0 || cp === 0xfffd || CONTROL.test(char)) {
      continue;
    } else if (isCjk(cp)) {
      out += ` ${char} `;
    } else {
      out += char;
    }
  }
  return out
    .normalize('NFC')
    .split(/\s+/u)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** CLIP's pre-tokenizer: special tokens, English contractions, letter runs, single digits, other symbol runs. */
export const CLIP_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu;

export function preTokenize(words: readonly string[]): string[] {
  return words.join(' ').match(CLIP_PATTERN) ?? [];
}
