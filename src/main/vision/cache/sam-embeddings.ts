// SAM image embeddings by image hash: the most recently used in memory (bounded by bytes), all of them on disk
// (bounded by bytes, per model) when a folder is given, and the encoder only when neither has the image. Requests
// for an image already being encoded wait for that encode instead of starting another.
import { join } from 'node:path';
import type { RgbImage } from '../methods/shared/image';
import type { SamEmbedding } from '../sam/predictor/predictor';
import { ByteLru } from './byte-lru';
import { DiskCache } from './disk-cache';
import {
  EMBEDDING_HEADER_READ_BYTES,
  type EmbeddingIdentity,
  decodeEmbeddingFile,
  encodeEmbeddingFile,
  readEmbeddingHeader,
} from './sam-embedding-file';

/** A ViT-B embedding is 4 MiB (256 × 64 × 64 float32): 64 of them. */
export const DEFAULT_EMBEDDING_MEMORY_BYTES = 256 * 2 ** 20;
export const DEFAULT_EMBEDDING_DISK_BYTES = 2 * 2 ** 30;
/** The folder under the cache folder that holds every model's embeddings; the disk budget covers all of it. */
export const EMBEDDINGS_FOLDER = 'sam-embeddings';

export interface SamEmbeddingCacheOptions {
  /** Embeddings of this model are written under <cacheDir>/sam-embeddings/<model folder>/; absent: memory only. */
  cacheDir?: string;
  memoryBytes?: number;
  diskBytes?: number;
}

export interface SamEmbeddingStats {
  /** Encoder runs. */
  encodes: number;
  memoryHits: number;
  diskHits: number;
  /** Disk files found but not trusted (truncated, corrupt, another model's); each is replaced after encoding. */
  diskRejected: number;
  /** Disk writes that failed (the embedding is still returned and kept in memory). */
  diskWriteFailures: number;
  /** Why the last disk read was rejected or the last write failed. */
  lastDiskProblem?: string;
}

interface Loaded {
  embedding: SamEmbedding;
  encoded: boolean;
}

export type ImageLoader = () => Promise<RgbImage>;

export class SamEmbeddingCache {
  private readonly memory: ByteLru<string, SamEmbedding>;
  private readonly disk: DiskCache | null;
  private readonly pending = new Map<string, Promise<Loaded>>();
  private readonly counts: SamEmbeddingStats = {
    encodes: 0,
    memoryHits: 0,
    diskHits: 0,
    diskRejected: 0,
    diskWriteFailures: 0,
  };

  constructor(
    /** Model and builder of every embedding here; imageSha is filled in per image. */
    private readonly model: Omit<EmbeddingIdentity, 'imageSha'>,
    /** A plain name for this model's folder. */
    private readonly modelFolder: string,
    private readonly encode: (image: RgbImage) => Promise<SamEmbedding>,
    options: SamEmbeddingCacheOptions = {},
  ) {
    this.memory = new ByteLru(options.memoryBytes ?? DEFAULT_EMBEDDING_MEMORY_BYTES, (e) => e.data.byteLength);
    this.disk = options.cacheDir
      ? new DiskCache(join(options.cacheDir, EMBEDDINGS_FOLDER), options.diskBytes ?? DEFAULT_EMBEDDING_DISK_BYTES)
      : null;
  }

  get stats(): SamEmbeddingStats {
    return { ...this.counts };
  }

  /** The embedding of the image with this SHA-256; `image` is only called when the encoder must run. */
  async get(imageSha: string, image: ImageLoader): Promise<SamEmbedding> {
    checkSha(imageSha);
    const inMemory = this.memory.get(imageSha);
    if (inMemory) {
      this.counts.memoryHits++;
      return inMemory;
    }
    return (await this.shared(imageSha, image)).embedding;
  }

  /**
   * Makes sure the embedding is cached without loading a disk copy into memory (pre-encoding many images must not
   * push the ones in use out). True when this call ran the encoder.
   */
  async prepare(imageSha: string, image: ImageLoader): Promise<boolean> {
    checkSha(imageSha);
    if (this.memory.has(imageSha)) return false;
    const pending = this.pending.get(imageSha);
    if (pending) {
      await pending;
      return false;
    }
    if (await this.onDisk(imageSha)) return false;
    const { encoded, joined } = await this.shared(imageSha, image);
    return encoded && !joined;
  }

  /** Whether the embedding is in memory or on disk in a complete file for this model and image. */
  async has(imageSha: string): Promise<boolean> {
    checkSha(imageSha);
    return this.memory.has(imageSha) || (await this.onDisk(imageSha));
  }

  /** One load per image at a time; `joined` says the caller found it already under way. */
  private async shared(imageSha: string, image: ImageLoader): Promise<Loaded & { joined: boolean }> {
    const running = this.pending.get(imageSha);
    if (running) return { ...(await running), joined: true };
    const pending = this.load(imageSha, image);
    this.pending.set(imageSha, pending);
    try {
      return { ...(await pending), joined: false };
    } finally {
      this.pending.delete(imageSha);
    }
  }

  /** A complete file for this model and image (its data digest is checked when it is loaded). */
  private async onDisk(imageSha: string): Promise<boolean> {
    if (!this.disk) return false;
    // An unreadable file is as good as none: loading it would be rejected the same way, then replaced.
    const found = await this.disk.peek(this.key(imageSha), EMBEDDING_HEADER_READ_BYTES).catch(() => null);
    if (!found) return false;
    try {
      readEmbeddingHeader(found.start, found.size, this.identity(imageSha));
      return true;
    } catch {
      return false;
    }
  }

  private async load(imageSha: string, image: ImageLoader): Promise<Loaded> {
    const fromDisk = await this.readDisk(imageSha);
    if (fromDisk) {
      this.counts.diskHits++;
      this.memory.set(imageSha, fromDisk);
      return { embedding: fromDisk, encoded: false };
    }
    this.counts.encodes++;
    const embedding = await this.encode(await image());
    this.memory.set(imageSha, embedding);
    await this.writeDisk(imageSha, embedding);
    return { embedding, encoded: true };
  }

  private async readDisk(imageSha: string): Promise<SamEmbedding | null> {
    if (!this.disk) return null;
    const key = this.key(imageSha);
    let file: Buffer | null;
    try {
      file = await this.disk.read(key);
    } catch (error) {
      this.reject(`${this.disk.path(key)}: ${(error as Error).message}`);
      return null;
    }
    if (!file) return null;
    try {
      return decodeEmbeddingFile(file, this.identity(imageSha));
    } catch (error) {
      this.reject(`${this.disk.path(key)}: ${(error as Error).message}`);
      return null;
    }
  }

  private async writeDisk(imageSha: string, embedding: SamEmbedding): Promise<void> {
    if (!this.disk) return;
    try {
      await this.disk.write(this.key(imageSha), encodeEmbeddingFile(embedding, this.identity(imageSha)));
    } catch (error) {
      // The cache is an optimisation: a full or read-only disk must not fail the prediction that asked.
      this.counts.diskWriteFailures++;
      this.counts.lastDiskProblem = (error as Error).message;
    }
  }

  private reject(why: string): void {
    this.counts.diskRejected++;
    this.counts.lastDiskProblem = why;
  }

  private identity(imageSha: string): EmbeddingIdentity {
    return { ...this.model, imageSha };
  }

  private key(imageSha: string): string {
    return `${this.modelFolder}/${imageSha}.bin`;
  }
}

function checkSha(imageSha: string): void {
  if (!/^[0-9a-f]{64}$/.test(imageSha)) {
    throw new Error(`SAM embeddings: '${imageSha}' is not an image SHA-256 (64 lowercase hex digits)`);
  }
}
