// What an import reports while it runs, so the CLI can draw a progress bar and the UI a status line.
export interface ImportProgress {
  phase: 'scan' | 'probe' | 'convert' | 'write';
  done: number;
  total: number;
}

export type ImportProgressListener = (progress: ImportProgress) => void;

/**
 * Collects the problems of one import so a user sees all of them at once (up to a limit) instead of fixing a
 * dataset one error per run. The import fails as a whole when any is found.
 */
export class ImportProblems {
  private readonly messages: string[] = [];
  private extra = 0;

  constructor(
    private readonly what: string,
    private readonly limit = 20,
  ) {}

  add(message: string): void {
    if (this.messages.length < this.limit) this.messages.push(message);
    else this.extra++;
  }

  get count(): number {
    return this.messages.length + this.extra;
  }

  throwIfAny(): void {
    if (this.count === 0) return;
    const more = this.extra ? `\n  … and ${this.extra} more` : '';
    const noun = this.count === 1 ? 'problem' : 'problems';
    throw new Error(
      `${this.what}: ${this.count} ${noun}, nothing was imported:\n  ${this.messages.join('\n  ')}${more}`,
    );
  }
}
