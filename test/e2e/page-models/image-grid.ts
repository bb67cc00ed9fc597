// Page object for a dataset's image grid.
import type { Locator, Page } from 'playwright-core';

export class ImageGrid {
  readonly page: Page;
  readonly grid: Locator;
  constructor(page: Page) {
    this.page = page;
    this.grid = page.getByTestId('image-grid');
  }

  tiles(): Locator {
    return this.grid.getByTestId('grid-tile');
  }

  /** The tile at a position in the filtered order, once its page has loaded. */
  tile(index: number): Locator {
    return this.grid.locator(`[data-testid=grid-tile][data-index="${index}"][data-image-id]`);
  }

  async total(): Promise<number> {
    await this.page.waitForFunction(
      () => document.querySelector('[data-testid=image-grid]')?.getAttribute('data-total') !== '',
    );
    return Number(await this.grid.getAttribute('data-total'));
  }

  async filter(name: string): Promise<void> {
    await this.page.getByTestId('image-filters').locator(`[data-filter="${name}"]`).click();
  }

  /** Focuses the grid and opens the focused tile with the keyboard. */
  async openWithKeyboard(moves: string[] = []): Promise<void> {
    await this.grid.focus();
    for (const key of moves) await this.page.keyboard.press(key);
    await this.page.keyboard.press('Enter');
    await this.page.getByTestId('workspace').waitFor();
  }
}
