// Byte-pair encoding of one pre-tokenized word: start from its characters (the last one marked with '</w>') and
// repeatedly merge the adjacent pair that came earliest in the merges list, until no listed pair is left.

/** Merge ranks keyed by 'left right' (BPE symbols never contain a space). */
export type MergeRanks = ReadonlyMap<string, number>;

export function bpeWord(word: string, ranks: MergeRanks): string[] {
  const symbols = Array.from(word);
  if (symbols.length === 0) return [];
  symbols[symbols.length - 1] += '</w>';
  while (symbols.length > 1) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i < symbols.length - 1; i++) {
      const rank = ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best < 0) break;
    // Merge every non-overlapping occurrence of the best pair, left to right, as the reference implementation does.
    const left = symbols[best];
    const right = symbols[best + 1];
    const merged: string[] = [];
    for (let i = 0; i < symbols.length; i++) {
      if (i < symbols.length - 1 && symbols[i] === left && symbols[i + 1] === right) {
        merged.push(left + right);
        i++;
      } else {
        merged.push(symbols[i]);
      }
    }
    symbols.splice(0, symbols.length, ...merged);
  }
  return symbols;
}
