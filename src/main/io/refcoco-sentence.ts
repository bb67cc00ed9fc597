// RefCOCO's sentence fields: `sent` is the lower-cased sentence with punctuation removed and `tokens` its words,
// as the refer toolkit's files carry them next to the `raw` text.
export function tokenizeSentence(raw: string): string[] {
  return raw.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

export function refSentence(
  raw: string,
  sentId: number,
): { raw: string; sent: string; tokens: string[]; sent_id: number } {
  const tokens = tokenizeSentence(raw);
  return { raw, sent: tokens.join(' '), tokens, sent_id: sentId };
}
