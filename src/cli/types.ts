// What one CLI subcommand looks like. Areas export a record of these from src/cli/<area>.ts.

export interface ParsedArgs {
  /** Positional arguments after the subcommand. */
  _: string[];
  /** --flag value / --flag (true) / --no-flag (false). */
  flags: Record<string, string | boolean>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /**
   * Progress of long work, on stderr: one line rewritten in place on a terminal, a few lines in a pipe (at most one per
   * 10 % of `fraction` or per few seconds). `fraction` in [0, 1] when known.
   */
  progress(text: string, fraction?: number): void;
  signal: AbortSignal;
}

export interface CliCommand {
  usage: string;
  summary: string;
  /** Every flag the command reads (without "--"); any other flag is an error. Global flags (args.ts) come on top. */
  flags: readonly string[];
  /** Those of `flags` that take no value (so a word after them stays positional). */
  switches?: readonly string[];
  run(args: ParsedArgs, io: CliIO): Promise<number | void>;
}
