import cliProgress from 'cli-progress';

/** One step of work with a known amount (files, images, reviews, bytes). */
export interface ProgressTask {
  /** Advances by `n` units (default 1). */
  tick(n?: number): void;
  done(): void;
}

/** Receives what the builder is doing; the CLI shows it, tests record it. */
export interface ProgressReporter {
  info(message: string): void;
  warn(message: string): void;
  task(label: string, total: number): ProgressTask;
}

/** Discards everything (library default). */
export const silentProgress: ProgressReporter = {
  info() {},
  warn() {},
  task() {
    return { tick() {}, done() {} };
  },
};

/** Keeps every line, for tests. */
export class RecordingProgress implements ProgressReporter {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(message);
  }
  warn(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  task(label: string, total: number): ProgressTask {
    this.lines.push(`${label} (0/${total})`);
    let seen = 0;
    return {
      tick: (n = 1) => {
        seen += n;
      },
      done: () => {
        this.lines.push(`${label} (${seen}/${total}) done`);
      },
    };
  }
}

/**
 * Progress for a terminal: a cli-progress bar per task when `stream` is a TTY, otherwise
 * plain lines (start, every quarter, end), which read well in CI logs.
 */
export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const tty = Boolean(stream.isTTY);
  const write = (line: string) => stream.write(line + '\n');
  return {
    info: (message) => write(message),
    warn: (message) => write(`warning: ${message}`),
    task(label, total) {
      if (tty) {
        const bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% {value}/{total} {duration_formatted}`,
            stream,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
        return { tick: (n = 1) => bar.increment(n), done: () => bar.stop() };
      }
      const started = Date.now();
      let value = 0;
      let nextQuarter = 1;
      write(`${label}: started (${total})`);
      return {
        tick(n = 1) {
          value += n;
          while (total > 0 && nextQuarter < 4 && value >= (total * nextQuarter) / 4) {
            write(`${label}: ${nextQuarter * 25}% (${value}/${total})`);
            nextQuarter++;
          }
        },
        done() {
          write(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        },
      };
    },
  };
}
