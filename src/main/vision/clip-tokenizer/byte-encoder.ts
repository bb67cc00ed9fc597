// GPT-2/CLIP's reversible map from bytes to printable characters, so that BPE works on text with no spaces or
// control characters in it: printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100 onwards.

let table: string[] | null = null;

/** The character standing for each byte 0–255, in byte order (the order CLIP's vocabulary lists them). */
export function byteToUnicode(): readonly string[] {
  if (table) return table;
  const printable = (b: number): boolean =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out = new Array<string>(256);
  let next = 256;
  for (let b = 0; b < 256; b++) out[b] = String.fromCodePoint(printable(b) ? b : next++);
  table = out;
  return out;
}

/**
 * The characters in the order bytes_to_unicode() yields them (printable bytes first, then the rest), which is the
 * order of the first 256 vocabulary entries.
 */
export function byteAlphabet(): string[] {
  const chars = byteToUnicode();
  const printableFirst: string[] = [];
  const rest: string[] = [];
  for (let b = 0; b < 256; b++) (chars[b].codePointAt(0)! < 256 ? printableFirst : rest).push(chars[b]);
  return [...printableFirst, ...rest];
}
