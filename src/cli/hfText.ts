// CLI commands that read a Hugging Face folder's tokenizer and chat template without loading weights:
// `tokenize` (text → ids and tokens) and `chat-template` (messages → the rendered prompt and its ids).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../engine/errors';
import { renderPrompt, tokenizeWithFolder } from '../engine/pretrained/prompt';
import { flagString } from './args';
import type { CliCommand } from './types';

const MAX_MESSAGES_BYTES = 16 << 20;

export const hfTextCommands: Record<string, CliCommand> = {
  tokenize: {
    usage: 'tokenize --model DIR [--no-special] TEXT [--json]',
    flags: ['model', 'special'],
    switches: ['special'],
    summary: "token ids and tokens of TEXT with the model folder's own tokenizer (tokenizer.json); --no-special leaves out <bos> etc.",
    async run(args, io) {
      const dir = flagString(args, 'model');
      const text = args._.join(' ');
      if (!dir || !text) throw new UserError('usage: tokenize --model DIR [--no-special] TEXT [--json]');
      const r = await tokenizeWithFolder(path.resolve(dir), text, args.flags.special !== false);
      if (args.flags.json) return io.out(JSON.stringify({ ids: r.ids, tokens: r.tokens }));
      io.out(r.ids.map((id, i) => `${id}\t${JSON.stringify(r.tokens[i])}${r.special[i] ? '\t(special)' : ''}`).join('\n'));
    },
  },
  'chat-template': {
    usage: 'chat-template --model DIR --messages FILE.json [--add-generation-prompt] [--template NAME] [--json]',
    flags: ['model', 'messages', 'add-generation-prompt', 'template'],
    switches: ['add-generation-prompt'],
    summary: "render [{role, content}] messages through the folder's chat template (tokenizer_config.json) and tokenize the result",
    async run(args, io) {
      const dir = flagString(args, 'model');
      const file = flagString(args, 'messages');
      if (!dir || !file) throw new UserError('usage: chat-template --model DIR --messages FILE.json [--add-generation-prompt] [--json]');
      if (!fs.existsSync(file)) throw new UserError(`messages file not found: ${file}`);
      if (fs.statSync(file).size > MAX_MESSAGES_BYTES) throw new UserError(`${file} is larger than ${MAX_MESSAGES_BYTES} bytes`);
      let messages: unknown;
      try {
        messages = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new UserError(`${file} is not valid JSON (${(e as Error).message.slice(0, 100)}); it must hold [{"role": "...", "content": "..."}]`);
      }
      const r = await renderPrompt(path.resolve(dir), messages, { addGenerationPrompt: !!args.flags['add-generation-prompt'], templateName: flagString(args, 'template') });
      if (args.flags.json) return io.out(JSON.stringify({ rendered: r.rendered, ids: r.ids }));
      io.out(r.rendered);
      io.err(`${r.ids.length} tokens (template from ${r.templateSource})`);
    },
  },
};
