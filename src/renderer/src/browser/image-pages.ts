// The image grid's data: pages of images.list fetched on demand and kept while the grid is open. Outside React
// (the grid subscribes to it), so scrolling through 100,000 images never holds more than the pages looked at.
import type { z } from 'zod';
import type { RefLabelApi, imageListItemSchema } from '../../../shared/api';
import type { ApiClient } from '../../../shared/contract';
import type { ImageFilter } from '../app/image-filter';
import { errorMessage } from '../app/use-load';

export type ImageListItem = z.output<typeof imageListItemSchema>;

export const PAGE_SIZE = 200;

export class ImagePages {
  total: number | null = null;
  error: string | null = null;
  /** Bumped on every change; what useSyncExternalStore compares. */
  version = 0;
  private readonly pages = new Map<number, ImageListItem[]>();
  private readonly loading = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private readonly client: ApiClient<RefLabelApi>;
  private readonly datasetId: number;
  private readonly filter: ImageFilter;

  constructor(client: ApiClient<RefLabelApi>, datasetId: number, filter: ImageFilter) {
    this.client = client;
    this.datasetId = datasetId;
    this.filter = filter;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  item(index: number): ImageListItem | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Starts fetching the pages not yet held or in flight. */
  ensure(pages: readonly number[]): void {
    for (const page of pages) {
      if (this.pages.has(page) || this.loading.has(page)) continue;
      this.loading.add(page);
      this.client
        .call('images.list', {
          datasetId: this.datasetId,
          filter: this.filter,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        })
        .then(
          (result) => {
            this.pages.set(page, result.items);
            this.total = result.total;
            this.error = null;
          },
          (error: unknown) => {
            this.error = errorMessage(error);
          },
        )
        .finally(() => {
          this.loading.delete(page);
          this.changed();
        });
    }
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
