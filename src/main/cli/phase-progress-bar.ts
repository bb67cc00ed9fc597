// Progress of an import or export on stderr: a redrawn bar per phase on a terminal, occasional plain lines
// otherwise (a log file or CI would fill with escape codes).
import cliProgress from 'cli-progress';
import type { ImportProgress } from '../io/import-progress';

const PHASE_LABEL: Record<ImportProgress['phase'], string> = {
  scan: 'scanning',
  probe: 'reading images',
  convert: 'converting masks',
  write: 'writing',
};

export interface PhaseProgressBar {
  update(progress: ImportProgress): void;
  stop(): void;
}

export function createPhaseProgressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  lineIntervalMs = 2000,
): PhaseProgressBar {
  let phase: ImportProgress['phase'] | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let lastLineAt = -Infinity;
  return {
    update(progress) {
      const label = PHASE_LABEL[progress.phase];
      if (stream.isTTY) {
        if (phase !== progress.phase) {
          bar?.stop();
          bar = new cliProgress.SingleBar({
            stream,
            format: `${label.padEnd(16)} [{bar}] {value}/{total} | ETA {eta_formatted}`,
            hideCursor: true,
            emptyOnZero: true,
          });
          bar.start(progress.total, progress.done);
        } else {
          bar?.setTotal(progress.total);
          bar?.update(progress.done);
        }
      } else {
        const now = Date.now();
        if (phase !== progress.phase || now - lastLineAt >= lineIntervalMs || progress.done === progress.total) {
          lastLineAt = now;
          stream.write(`${label} ${progress.done}/${progress.total}\n`);
        }
      }
      phase = progress.phase;
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
