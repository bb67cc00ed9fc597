// Page object for the Evaluation screen: choose the split and the candidates counted, read the tables, export.
import type { Page } from 'playwright-core';

export class EvalPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async ready(): Promise<void> {
    await this.page.getByTestId('eval-results').waitFor();
  }

  async chooseSplit(split: string): Promise<void> {
    await this.page.getByTestId('eval-splits').locator(`[data-split="${split}"]`).click();
    await this.page.locator(`[data-testid=eval-results][data-split="${split}"]`).waitFor();
  }

  async chooseSelection(selection: 'top1' | 'top3'): Promise<void> {
    await this.page.getByTestId('eval-selection').locator(`[data-selection="${selection}"]`).click();
    await this.page.locator(`[data-testid=eval-results][data-selection="${selection}"]`).waitFor();
  }

  /** A method's row of the metrics table as metric → text, e.g. { mIoU: '50.00', 'P@0.5': '33.33' }. */
  async metrics(
    method: string,
    table: 'eval-row' | 'eval-breakdown-row' = 'eval-row',
  ): Promise<Record<string, string>> {
    const cells = this.page.locator(`[data-testid=${table}][data-method="${method}"] td[data-metric]`);
    const out: Record<string, string> = {};
    for (const cell of await cells.all()) out[(await cell.getAttribute('data-metric'))!] = await cell.innerText();
    return out;
  }

  /** The bars' hover titles of every chart, e.g. 'alpha · mIoU: 50.00 %'. */
  async barTitles(): Promise<string[]> {
    return this.page.getByTestId('eval-charts').locator('svg rect title').allTextContents();
  }

  async export(format: 'csv' | 'html', folder: string): Promise<string> {
    await this.page.getByTestId('eval-out').fill(folder);
    await this.page.getByTestId(`eval-export-${format}`).click();
    const written = this.page.getByTestId('eval-written').filter({ hasText: `.${format}` });
    await written.waitFor();
    return written.locator('code').innerText();
  }
}
