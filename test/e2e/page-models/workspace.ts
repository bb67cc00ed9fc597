// Page object for the workspace: expressions, candidates, decisions, the stage and the correction tools.
import type { Locator, Page } from 'playwright-core';

export class Workspace {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async ready(): Promise<void> {
    await this.page.locator('[data-testid=stage][data-image-ready=true]').waitFor();
    await this.page.waitForFunction(
      () => !!document.querySelector('[data-testid=stage]')?.getAttribute('data-viewport'),
    );
  }

  async addExpression(text: string): Promise<void> {
    await this.page.keyboard.press('/');
    await this.page.getByTestId('expression-input').fill(text);
    await this.page.keyboard.press('Enter');
    await this.selected(text).waitFor();
  }

  expression(text: string): Locator {
    return this.page.getByTestId('expression-item').filter({ hasText: text });
  }

  selected(text: string): Locator {
    return this.page.locator('[data-testid=expression-item][aria-current=true]').filter({ hasText: text });
  }

  async expressionState(text: string): Promise<string | null> {
    return this.expression(text).getAttribute('data-state');
  }

  candidates(): Locator {
    return this.page.getByTestId('candidate');
  }

  candidate(id: number): Locator {
    return this.page.locator(`[data-testid=candidate][data-candidate-id="${id}"]`);
  }

  answer(): Locator {
    return this.page.getByTestId('answer-info');
  }

  /** Waits until the answer shows this status (and version, when given) and every save has finished. */
  async answerIs(status: string, version?: number): Promise<void> {
    const selector = `[data-testid=answer-info][data-status="${status}"]${version ? `[data-version="${version}"]` : ''}`;
    await this.page.locator(selector).waitFor();
    await this.page.locator('[data-testid=save-state]:not([data-state=saving])').waitFor();
  }

  async tool(name: 'pan' | 'brush' | 'eraser' | 'polygon-add' | 'polygon-subtract'): Promise<void> {
    await this.page.getByTestId(`tool-${name}`).click();
  }

  /** Screen position of an image pixel, from the viewport the stage publishes. */
  async screenPoint(x: number, y: number): Promise<{ x: number; y: number }> {
    const stage = this.page.getByTestId('stage');
    const [scale, ox, oy] = ((await stage.getAttribute('data-viewport')) ?? '').split(' ').map(Number);
    const box = await stage.boundingBox();
    if (!box) throw new Error('the stage is not on screen');
    return { x: box.x + ox + x * scale, y: box.y + oy + y * scale };
  }

  /** Drags the mouse through image points (image coordinates) with the current tool. */
  async drag(points: { x: number; y: number }[]): Promise<void> {
    const first = await this.screenPoint(points[0].x, points[0].y);
    await this.page.mouse.move(first.x, first.y);
    await this.page.mouse.down();
    for (const p of points.slice(1)) {
      const s = await this.screenPoint(p.x, p.y);
      await this.page.mouse.move(s.x, s.y, { steps: 8 });
    }
    await this.page.mouse.up();
  }

  async clickAt(x: number, y: number): Promise<void> {
    const s = await this.screenPoint(x, y);
    await this.page.mouse.click(s.x, s.y);
  }
}
