// `model-lens` from a terminal: the same engine code the extension runs, one subcommand per operation.
// Global flags: --backend auto|gpu|node|wasm|cpu (default: $MODEL_LENS_BACKEND or auto), --json, --help.
// `main` is what bin/model-lens.js calls; the process ends only after stdout and stderr have drained.
import { initBackend } from '../engine/backend';
import { UserError, CancelledError } from '../engine/errors';
import { checkFlags, closest, GLOBAL_FLAGS, parseArgs } from './args';
import { installNetGuard } from '../engine/netGuard';
import { baseCommands } from './base';
import { lmCommands } from './lm';
import { pretrainedCommands } from './pretrained';
import { embeddingCommands } from './embeddings';
import { classifyCommands } from './classify';
import { rnnCommands } from './rnn';
import { mlmCommands } from './mlm';
import { hfTextCommands } from './hfText';
import { seq2seqCommands } from './seq2seq';
import { progressSink } from './progress';
import type { CliCommand, CliIO } from './types';

export const commands: Record<string, CliCommand> = {
  ...baseCommands,
  ...lmCommands,
  ...pretrainedCommands,
  ...embeddingCommands,
  ...classifyCommands,
  ...rnnCommands,
  ...mlmCommands,
  ...hfTextCommands,
  ...seq2seqCommands,
};

function help(): string {
  const rows = Object.entries(commands).map(([, c]) => `  model-lens ${c.usage}\n      ${c.summary}`);
  return `Model Lens engine CLI\n\nusage:\n${rows.join('\n')}\n\nglobal: --backend auto|gpu|node|wasm|cpu, --json (machine-readable output), --help`;
}

/** Runs one command line (without "node" and the script); resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(help() + '\n');
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    const near = closest(name, Object.keys(commands));
    process.stderr.write(`unknown command "${name}"${near ? ` (did you mean "${near}"?)` : ''}\n\n${help()}\n`);
    return 2;
  }
  const args = parseArgs(rest, cmd.switches);
  try {
    checkFlags(args, name, cmd.flags);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\nusage: model-lens ${cmd.usage}\n`);
    return 2;
  }
  if (args.flags.help) {
    process.stdout.write(`usage: model-lens ${cmd.usage}\n  ${cmd.summary}\n  global: ${GLOBAL_FLAGS.map((f) => `--${f}`).join(', ')}\n`);
    return 0;
  }
  installNetGuard((l) => process.stderr.write(l + '\n'));
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  const progress = progressSink({ write: (t) => process.stderr.write(t), isTTY: !!process.stderr.isTTY });
  const io: CliIO = {
    out: (t) => {
      progress.settle();
      process.stdout.write(t + '\n');
    },
    err: (t) => {
      progress.settle();
      process.stderr.write(t + '\n');
    },
    progress: (t, fraction) => progress.update(t, fraction),
    signal: ac.signal,
  };
  try {
    const report = await initBackend(args.flags.backend ?? process.env.MODEL_LENS_BACKEND ?? 'auto');
    for (const w of report.warnings) io.err(`warning: ${w}`);
    const code = await cmd.run(args, io);
    progress.settle();
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (e instanceof CancelledError) {
      io.err('cancelled');
      return 130;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    if (!(e instanceof UserError) && process.env.MODEL_LENS_DEBUG) io.err(String((e as Error)?.stack));
    return 1;
  }
}

/** Resolves once everything written to `stream` so far has been handed to the OS (or the reader has gone away). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write('', () => resolve());
  });
}

/**
 * The CLI entry point. Large output to a pipe is written asynchronously (the OS pipe holds 64 KiB), so the process must
 * not exit before it drains: wait for both streams, then exit with the command's code. A reader that closes early
 * (`| head`) ends the run quietly instead of with an EPIPE stack trace.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const code = await runCli(argv);
  process.exitCode = code;
  await drained(process.stdout);
  await drained(process.stderr);
  // The engine may leave timers or worker handles behind; everything the user asked for is out, so end now.
  process.exit(code);
}

if (require.main === module) void main();
