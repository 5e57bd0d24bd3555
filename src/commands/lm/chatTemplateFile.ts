// Whether a model folder carries a chat template, read from its files without the engine (the Prompt panel decides
// from this whether to render a chat prompt or send a plain one). No vscode import, so it is unit-tested in Node.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** tokenizer_config.json larger than this is not read here (the engine reports it properly when rendering). */
const MAX_CONFIG_BYTES = 4 << 20;

/** chat_template.jinja, or a chat_template string / non-empty list in tokenizer_config.json; false on any unreadable file. */
export function hasChatTemplate(dir: string): boolean {
  if (fs.existsSync(path.join(dir, 'chat_template.jinja'))) return true;
  const f = path.join(dir, 'tokenizer_config.json');
  try {
    if (fs.statSync(f).size > MAX_CONFIG_BYTES) return false;
    const cfg = JSON.parse(fs.readFileSync(f, 'utf8')) as { chat_template?: unknown } | null;
    const t = cfg?.chat_template;
    return typeof t === 'string' || (Array.isArray(t) && t.length > 0);
  } catch {
    return false;
  }
}
