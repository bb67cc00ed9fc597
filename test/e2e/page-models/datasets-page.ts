// Page object for the datasets screen: create or import a dataset and read the table.
import type { Locator, Page } from 'playwright-core';

export class DatasetsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async importFolder(path: string, name?: string): Promise<string> {
    await this.page.getByTestId('import-path').fill(path);
    if (name) await this.page.getByTestId('import-name').fill(name);
    await this.page.getByTestId('import-submit').click();
    const done = this.page.getByTestId('import-done');
    await done.waitFor();
    return done.innerText();
  }

  /** Whether the form offers "Browse…" (a native dialog exists); waits until the page knows. */
  async offersBrowse(): Promise<boolean> {
    const form = this.page.locator('form.import-form[data-native-dialogs]');
    await form.waitFor();
    return (await form.getAttribute('data-native-dialogs')) === 'true';
  }

  /** Picks the path with "Browse…" and imports it. */
  async browseAndImport(): Promise<string> {
    await this.page.getByTestId('import-browse').click();
    await this.page.waitForFunction(
      () => (document.querySelector('[data-testid=import-path]') as HTMLInputElement).value !== '',
    );
    await this.page.getByTestId('import-submit').click();
    const done = this.page.getByTestId('import-done');
    await done.waitFor();
    return done.innerText();
  }

  row(name: string): Locator {
    return this.page.getByTestId('dataset-row').filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  /** The counts columns of a dataset's row: images, expressions, accepted, needs review, ground truth. */
  async counts(name: string): Promise<number[]> {
    const cells = await this.row(name).locator('td.num').allInnerTexts();
    return cells.map((text) => Number(text.replace(/,/g, '')));
  }

  async open(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name, exact: true }).click();
    await this.page.getByTestId('image-grid').waitFor();
  }
}
