// `model-lens` from a terminal: the same engine code the extension runs, one subcommand per operation.
// Global flag: --backend auto|gpu|node|wasm|cpu (default: $MODEL_LENS_BACKEND or auto).
import { initBackend } from '../engine/backend';
import { UserError, CancelledError } from '../engine/errors';
import { parseArgs } from './args';
import { installNetGuard } from '../engine/netGuard';
import { baseCommands } from './base';
import { lmCommands } from './lm';
import { pretrainedCommands } from './pretrained';
import { embeddingCommands } from './embeddings';
import { classifyCommands } from './classify';
import { rnnCommands } from './rnn';
import { seq2seqCommands } from './seq2seq';
import type { CliCommand, CliIO } from './types';

const commands: Record<string, CliCommand> = { ...baseCommands, ...lmCommands, ...pretrainedCommands, ...embeddingCommands, ...classifyCommands, ...rnnCommands, ...seq2seqCommands };

function help(): string {
  const rows = Object.entries(commands).map(([, c]) => `  model-lens ${c.usage}\n      ${c.summary}`);
  return `Model Lens engine CLI\n\nusage:\n${rows.join('\n')}\n\nglobal: --backend auto|gpu|node|wasm|cpu`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(help() + '\n');
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  installNetGuard((l) => process.stderr.write(l + '\n'));
  const args = parseArgs(rest);
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  const io: CliIO = {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    progress: (t) => process.stderr.write(process.stderr.isTTY ? `\r${t}\x1b[K` : `${t}\n`),
    signal: ac.signal,
  };
  try {
    const report = await initBackend(args.flags.backend ?? process.env.MODEL_LENS_BACKEND ?? 'auto');
    for (const w of report.warnings) io.err(`warning: ${w}`);
    const code = await cmd.run(args, io);
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

if (require.main === module) {
  runCli(process.argv.slice(2)).then((c) => process.exit(c));
}
