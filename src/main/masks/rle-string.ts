// pycocotools' compact text form of RLE counts (maskApi.c rleToString / rleFrString): each count is written as
// 5-bit groups, least significant first, in ASCII 48..111; bit 0x20 of a character says another group follows and
// bit 0x10 of the last group is the sign. From the fourth count on, the value written is the difference to the
// count two places earlier (runs of the same colour tend to have similar lengths), which may be negative.
// Arithmetic instead of bit operators keeps values beyond 2^31 correct.

const CHAR_BASE = 48;
const CHUNK = 8192;

export function countsToString(counts: ArrayLike<number>): string {
  const codes: number[] = [];
  let out = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      const low = x - Math.floor(x / 32) * 32;
      x = Math.floor(x / 32);
      more = low & 0x10 ? x !== -1 : x !== 0;
      codes.push((more ? low | 0x20 : low) + CHAR_BASE);
    }
    if (codes.length >= CHUNK) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

/** Parses the counts string; throws on characters outside '0'..'o', a truncated number, or a negative run. */
export function stringToCounts(s: string): Uint32Array {
  const counts = new Uint32Array(s.length);
  let m = 0;
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let scale = 1;
    let more = true;
    while (more) {
      if (p >= s.length) throw new Error(`RLE counts string ends in the middle of run ${m}`);
      const code = s.charCodeAt(p) - CHAR_BASE;
      if (code < 0 || code > 63) {
        throw new Error(`RLE counts string has invalid character ${JSON.stringify(s[p])} at offset ${p}`);
      }
      x += (code & 0x1f) * scale;
      scale *= 32;
      more = (code & 0x20) !== 0;
      p++;
      if (!more && code & 0x10) x -= scale;
    }
    if (m > 2) x += counts[m - 2];
    if (x < 0 || x > 0xffffffff) throw new Error(`RLE counts string decodes to an invalid run ${m} (${x})`);
    counts[m++] = x;
  }
  return counts.slice(0, m);
}
