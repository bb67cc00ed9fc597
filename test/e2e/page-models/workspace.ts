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

  /** Types into the expression bar without submitting, for the live parse. */
  async typeExpression(text: string): Promise<void> {
    await this.page.keyboard.press('/');
    await this.page.getByTestId('expression-input').fill(text);
  }

  /** The parse shown for this text (waits for it): the primary noun, context tokens and direction words. */
  async parseOf(text: string): Promise<{ primary: string; context: string; directions: string; marked: string[] }> {
    const view = this.page.getByTestId('parse-view').filter({
      has: this.page.getByTestId('parse-text').getByText(text, { exact: true }),
    });
    await view.waitFor();
    return {
      primary: await view.getByTestId('parse-primary').innerText(),
      context: await view.getByTestId('parse-context').innerText(),
      directions: await view.getByTestId('parse-directions').innerText(),
      marked: await view
        .locator('mark')
        .evaluateAll((marks) => marks.map((m) => `${m.getAttribute('data-role')}:${m.textContent}`)),
    };
  }

  heatmapToggle(method: string, kind: string): Locator {
    return this.page.locator(`[data-testid=heatmap-toggle][data-method="${method}"][data-kind="${kind}"]`);
  }

  /** Sets the heat map opacity with the keyboard (Home is 0 %, each → adds 5 %). */
  async heatmapOpacity(percent: number): Promise<void> {
    const slider = this.page.getByTestId('heatmap-opacity');
    await slider.focus();
    await this.page.keyboard.press('Home');
    for (let p = 0; p < percent; p += 5) await this.page.keyboard.press('ArrowRight');
    await this.page.waitForFunction(
      (want) => (document.querySelector('[data-testid=heatmap-opacity]') as HTMLInputElement).value === want,
      String(percent),
    );
  }

  /** The colour on screen at an image pixel, read from a screenshot of the stage. */
  async pixelAt(x: number, y: number): Promise<[number, number, number]> {
    const p = await this.screenPoint(x + 0.5, y + 0.5);
    const clip = { x: Math.floor(p.x), y: Math.floor(p.y), width: 1, height: 1 };
    const png = await this.page.screenshot({ clip });
    const { default: sharp } = await import('sharp');
    const raw = await sharp(png).removeAlpha().raw().toBuffer();
    return [raw[0], raw[1], raw[2]];
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

  async tool(name: 'pan' | 'brush' | 'eraser' | 'polygon-add' | 'polygon-subtract' | 'sam'): Promise<void> {
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

  async clickAt(x: number, y: number, options: { modifiers?: 'Alt'[]; button?: 'right' } = {}): Promise<void> {
    const s = await this.screenPoint(x, y);
    for (const key of options.modifiers ?? []) await this.page.keyboard.down(key);
    await this.page.mouse.click(s.x, s.y, { button: options.button ?? 'left' });
    for (const key of options.modifiers ?? []) await this.page.keyboard.up(key);
  }

  /** Types an expression and presses Enter, which adds it and runs the chosen methods. */
  async predict(text: string): Promise<void> {
    await this.addExpression(text);
  }

  /** Ticks exactly these methods under the expression bar. */
  async chooseMethods(methods: readonly string[]): Promise<void> {
    for (const box of await this.page.locator('[data-testid^=predict-method-]').all()) {
      const method = ((await box.getAttribute('data-testid')) ?? '').replace('predict-method-', '');
      await box.setChecked(methods.includes(method));
    }
  }

  /** The run status row of a method (or 'proposals'). */
  predictStep(method: string): Locator {
    return this.page.locator(`[data-testid=predict-step][data-method="${method}"]`);
  }

  /** Waits for the current run to settle; returns 'done' or 'failed'. */
  async runSettled(timeout = 180_000): Promise<string> {
    const run = this.page.locator('[data-testid=predict-run]:not([data-state=running])');
    await run.waitFor({ timeout });
    return (await run.getAttribute('data-state')) ?? '';
  }

  methodColumn(method: string): Locator {
    return this.page.locator(`[data-testid=method-column][data-method="${method}"]`);
  }

  /** The number of SAM points the stage shows. */
  async samPoints(): Promise<number> {
    return Number(await this.page.getByTestId('stage').getAttribute('data-sam-points'));
  }
}
