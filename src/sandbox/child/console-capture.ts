/**
 * The candidate's console output in the child: one ConsoleCapture per run (a model build, or
 * a coding module with all its calls) shares one budget of bytes and lines across the
 * isolates the run uses.
 *
 *   const capture = new ConsoleCapture(limits);
 *   const session = await capture.start(prepared.context);   // before candidate code runs
 *   …run…
 *   const printed = await capture.take(session);               // this part's text
 *   capture.output()                                            // { text, truncated } of the whole run
 *
 * The shim (guest/shim.ts) enforces the limits while printing; the child re-counts in UTF-8
 * bytes here, so a tampered isolate cannot hand back more.
 */
import type ivm from 'isolated-vm';
import type { ConsoleOutput, SandboxLimits } from '../sandbox.types.js';
import { formatMb } from './failures.js';

export const DEFAULT_CONSOLE_BYTES = 64 * 1024;
export const DEFAULT_CONSOLE_LINES = 500;

export interface ConsoleSession {
  take: ivm.Reference<() => string>;
}

export class ConsoleCapture {
  private text = '';
  private truncated = false;
  private bytesLeft: number;
  private linesLeft: number;
  private readonly maxBytes: number;
  private readonly maxLines: number;

  constructor(limits: Pick<SandboxLimits, 'consoleMaxBytes' | 'consoleMaxLines'>) {
    this.maxBytes = Math.max(0, Math.floor(limits.consoleMaxBytes ?? DEFAULT_CONSOLE_BYTES));
    this.maxLines = Math.max(0, Math.floor(limits.consoleMaxLines ?? DEFAULT_CONSOLE_LINES));
    this.bytesLeft = this.maxBytes;
    this.linesLeft = this.maxLines;
  }

  /** Turns printing on in a fresh isolate with what is left of the budget (off for good once cut). */
  async start(context: ivm.Context): Promise<ConsoleSession | undefined> {
    try {
      const start = (await context.global.get('__dojoConsoleStart', { reference: true })) as ivm.Reference<
        (chars: number, lines: number) => void
      >;
      const take = (await context.global.get('__dojoConsoleTake', { reference: true })) as ivm.Reference<() => string>;
      const on = !this.truncated;
      await start.apply(undefined, [on ? this.bytesLeft : 0, on ? this.linesLeft : 0], { timeout: 1000 });
      start.release();
      return { take };
    } catch {
      return undefined;
    }
  }

  /** What was printed since the last take (empty if the isolate is gone: output lives in it). */
  async take(session: ConsoleSession | undefined): Promise<string> {
    if (!session) return '';
    let raw: unknown;
    try {
      raw = await session.take.apply(undefined, [], { result: { copy: true }, timeout: 1000 });
    } catch {
      return '';
    }
    let piece = '';
    let cut = false;
    try {
      const parsed = JSON.parse(String(raw)) as { text?: unknown; truncated?: unknown };
      piece = typeof parsed.text === 'string' ? parsed.text : '';
      cut = parsed.truncated === true;
    } catch {
      cut = true;
    }
    // The same limits, re-counted here in UTF-8 bytes and lines.
    if (Buffer.byteLength(piece, 'utf8') > this.bytesLeft) {
      piece = Buffer.from(piece, 'utf8')
        .subarray(0, this.bytesLeft)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
      cut = true;
    }
    const lines = piece.split('\n');
    if (piece.endsWith('\n')) lines.pop();
    if (lines.length > this.linesLeft) {
      piece = lines.slice(0, this.linesLeft).join('\n') + (this.linesLeft > 0 ? '\n' : '');
      cut = true;
    }
    this.bytesLeft -= Buffer.byteLength(piece, 'utf8');
    this.linesLeft -= Math.min(this.linesLeft, lines.length);
    this.text += piece;
    if (cut) this.truncated = true;
    return piece;
  }

  release(session: ConsoleSession | undefined): void {
    try {
      session?.take.release();
    } catch {
      // the isolate is gone
    }
  }

  /** Everything printed, with a last line saying where and why it was cut. */
  output(): ConsoleOutput {
    if (!this.truncated) return { text: this.text, truncated: false };
    return {
      text: `${this.text}… output cut here: the code printed more than ${this.maxLines} lines or ${formatMb(this.maxBytes)}, the limit.\n`,
      truncated: true,
    };
  }
}
