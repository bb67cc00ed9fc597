// CLIP's tokenizer: text → BPE token ids with start and end tokens, truncated and padded to the model's context
// (77). Matches Hugging Face's CLIPTokenizer(text, padding='max_length', truncation=True, max_length=77) id for id.
import { bpeWord } from './bpe';
import { byteToUnicode } from './byte-encoder';
import { cleanWords, preTokenize } from './normalize';
import { END_OF_TEXT, START_OF_TEXT, type ClipVocabulary } from './vocabulary';

export const CLIP_CONTEXT_LENGTH = 77;

export interface ClipBatchOptions {
  /** Sequence length of the output (default 77). */
  contextLength?: number;
  /**
   * Cut long texts to fit, keeping the end token last (default true). When false, a text that does not fit is an
   * error, as in OpenAI's clip.tokenize.
   */
  truncate?: boolean;
  /** Id filling the positions after the end token: Hugging Face pads with the end token (default), OpenAI with 0. */
  padId?: number;
}

export interface ClipBatch {
  /** int64 [batch, contextLength], row-major: the model's `input_ids`. */
  inputIds: BigInt64Array;
  /** int64 [batch, contextLength]: 1 for real tokens (start and end included), 0 for padding. */
  attentionMask: BigInt64Array;
  shape: [number, number];
  /** Position of each row's end token (what the text projection reads). */
  endPositions: number[];
}

export class ClipTokenizer {
  readonly startId: number;
  readonly endId: number;
  private readonly cache = new Map<string, number[]>();
  private readonly bytes = byteToUnicode();
  private readonly encoder = new TextEncoder();

  constructor(private readonly vocabulary: ClipVocabulary) {
    this.startId = this.id(START_OF_TEXT);
    this.endId = this.id(END_OF_TEXT);
  }

  /** Ids of the text's tokens, without the start and end tokens. */
  encodeText(text: string): number[] {
    const ids: number[] = [];
    // Special tokens written literally in the text are kept whole, as the reference's added-token split does.
    for (const part of text.split(/(<\|startoftext\|>|<\|endoftext\|>)/)) {
      if (part === START_OF_TEXT) ids.push(this.startId);
      else if (part === END_OF_TEXT) ids.push(this.endId);
      else for (const piece of preTokenize(cleanWords(part))) ids.push(...this.encodePiece(piece));
    }
    return ids;
  }

  /** [start, ...ids, end] for one text, truncated to contextLength when asked (the end token is kept). */
  encode(text: string, { contextLength = CLIP_CONTEXT_LENGTH, truncate = true }: ClipBatchOptions = {}): number[] {
    let ids = this.encodeText(text);
    if (ids.length + 2 > contextLength) {
      if (!truncate) {
        throw new Error(
          `text ${JSON.stringify(text.slice(0, 60))}… is ${ids.length + 2} tokens, longer than the context of ${contextLength}`,
        );
      }
      ids = ids.slice(0, contextLength - 2);
    }
    return [this.startId, ...ids, this.endId];
  }

  encodeBatch(texts: readonly string[], options: ClipBatchOptions = {}): ClipBatch {
    const length = options.contextLength ?? CLIP_CONTEXT_LENGTH;
    const padId = BigInt(options.padId ?? this.endId);
    const inputIds = new BigInt64Array(texts.length * length).fill(padId);
    const attentionMask = new BigInt64Array(texts.length * length);
    const endPositions: number[] = [];
    texts.forEach((text, row) => {
      const ids = this.encode(text, options);
      for (let i = 0; i < ids.length; i++) {
        inputIds[row * length + i] = BigInt(ids[i]);
        attentionMask[row * length + i] = 1n;
      }
      endPositions.push(ids.length - 1);
    });
    return { inputIds, attentionMask, shape: [texts.length, length], endPositions };
  }

  /** Token strings (BPE symbols with '</w>' marks), for debugging and display. */
  tokens(text: string): string[] {
    const decoder = new Map([...this.vocabulary.encoder].map(([t, i]) => [i, t]));
    return this.encodeText(text).map((id) => decoder.get(id) ?? '?');
  }

  private encodePiece(piece: string): number[] {
    if (piece === START_OF_TEXT) return [this.startId];
    if (piece === END_OF_TEXT) return [this.endId];
    const cached = this.cache.get(piece);
    if (cached) return cached;
    let mapped = '';
    for (const b of this.encoder.encode(piece)) mapped += this.bytes[b];
    const ids = bpeWord(mapped, this.vocabulary.ranks).map(
      (symbol) => this.vocabulary.encoder.get(symbol) ?? this.endId,
    );
    if (this.cache.size < 100_000) this.cache.set(piece, ids);
    return ids;
  }

  private id(token: string): number {
    const id = this.vocabulary.encoder.get(token);
    if (id === undefined) throw new Error(`the CLIP vocabulary has no ${token} token`);
    return id;
  }
}
