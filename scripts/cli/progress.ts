import { displayWidth } from './format';
import type { OutputStream } from './run';

export interface Progress {
  label: string;
  done: number;
  total: number;
}

/**
 * On a terminal, one bar per label redrawn in place: `科尔沁右翼前旗 [██████░░░░] 61% 150/245`.
 * Elsewhere (a pipe, a log file) plain lines, one per step, so logs stay readable.
 */
export function progressReporter(stream: OutputStream): (progress: Progress) => void {
  if (!stream.isTTY) {
    return ({ label, done, total }) => {
      stream.write(`${label} ${done}/${total} (${percent(done, total)}%)\n`);
    };
  }
  return ({ label, done, total }) => {
    const counts = ` ${String(percent(done, total)).padStart(3)}% ${done}/${total}`;
    const room = (stream.columns || 80) - displayWidth(label) - counts.length - 4;
    const width = Math.max(10, Math.min(40, room));
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    stream.write(`\r\x1b[K${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}]${counts}${done >= total ? '\n' : ''}`);
  };
}

function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((done / total) * 100) : 100;
}
