/**
 * A progress line on stderr for long runs: the stage and the files read so far, redrawn in place
 * (at most every 100 ms, and at each new stage) and erased before the report is written, so a quick
 * run shows nothing that stays. Only where a person watches a terminal (see
 * `wantsProgress`); everywhere else nothing is written.
 */
import type { AuditProgress } from '../audit.js';

/** Redraws at most this often: a terminal repaint per file would cost more than the audit. */
const REDRAW_MS = 100;

const CLEAR_LINE = '\r\u001b[2K';

export interface ProgressGate {
  stderr: { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The format written to stdout, if any (undefined when every report goes to a file). */
  stdoutFormat: string | undefined;
  quiet: boolean;
}

/**
 * On a terminal only: stderr is a TTY, no CI (a CI log keeps every redraw as a line), not a dumb
 * terminal, no `--quiet`, and stdout carries the text report or nothing (a machine format on stdout
 * is read by a program; its reader wants no chatter). `--no-progress` turns it off anyway.
 */
export function wantsProgress(gate: ProgressGate): boolean {
  const ci = gate.env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  if (gate.env.TERM === 'dumb' || gate.quiet) return false;
  if (gate.stdoutFormat !== undefined && gate.stdoutFormat !== 'text') return false;
  return gate.stderr.isTTY === true;
}

export function progressLine(progress: AuditProgress): string {
  const files = progress.filesTotal > 0 ? ` ${progress.filesDone}/${progress.filesTotal} files` : '';
  return `twelve-audit: ${progress.stage}…${files}`;
}

export interface ProgressLine {
  update(progress: AuditProgress): void;
  /** Erases the line, if one was drawn. */
  done(): void;
}

export function progressRenderer(stream: { write(text: string): unknown; columns?: number }, now: () => number = () => performance.now()): ProgressLine {
  let drawnAt: number | undefined;
  let lastStage: string | undefined;
  return {
    update(progress) {
      const at = now();
      const stageChanged = progress.stage !== lastStage;
      if (!stageChanged && drawnAt !== undefined && at - drawnAt < REDRAW_MS) return;
      lastStage = progress.stage;
      drawnAt = at;
      // Cut to the terminal's width: a wrapped line could not be erased by a carriage return.
      const width = Math.max(20, (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1);
      stream.write(`${CLEAR_LINE}${progressLine(progress).slice(0, width)}`);
    },
    done() {
      if (drawnAt !== undefined) stream.write(CLEAR_LINE);
      drawnAt = undefined;
    },
  };
}
