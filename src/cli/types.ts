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
  /** Progress line on stderr (overwritten in a TTY). */
  progress(text: string): void;
  signal: AbortSignal;
}

export interface CliCommand {
  usage: string;
  summary: string;
  run(args: ParsedArgs, io: CliIO): Promise<number | void>;
}
