// Bad-input catalogue for Hugging Face folders of the modern families (a sibling of badInput.test.ts): each row writes a
// hostile or broken folder, runs the loader / tokenizer / template entry point, and asserts the exact message and that
// no file of the person's changed. Paths in messages are written as <dir>.
import { runCatalogue, type Case } from './catalogue';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useTestBackend } from '../backendForTests';
import { loadHfModel } from '../../../src/engine/pretrained/loadHf';
import { readHfTokenizerJson } from '../../../src/engine/pretrained/hfTokenizerJson';
import { findChatTemplate, renderChatTemplate } from '../../../src/engine/pretrained/chatTemplate';
import { writeTinyModern } from '../pretrained/tinyModern';
import { tinyTokenizerJson } from '../pretrained/tinyTokenizer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-badmodern-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A valid tiny Llama folder copied into `dir`. */
function llamaInto(dir: string, o: Parameters<typeof writeTinyModern>[0] = { family: 'llama' }): void {
  const fx = writeTinyModern(o);
  fs.cpSync(fx.dir, dir, { recursive: true });
  fs.rmSync(fx.dir, { recursive: true, force: true });
}
const editJson = (file: string, f: (j: Record<string, unknown>) => void) => {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  f(j);
  fs.writeFileSync(file, JSON.stringify(j));
};
const load = async (dir: string) => {
  const r = await loadHfModel(dir);
  r.model.dispose();
  return 'loaded';
};


const CASES: Case[] = [
  {
    entry: 'loadHfModel',
    name: 'unsupported model_type lists the supported ones',
    input: (d) => fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify({ model_type: 'mamba', architectures: ['MambaForCausalLM'] })),
    run: load,
    expect: 'config.json has model_type "mamba" (MambaForCausalLM), which Model Lens cannot open. Supported model types: gpt2, llama, qwen2, gemma3_text, gemma3, bert, distilbert',
  },
  {
    entry: 'loadHfModel',
    name: 'config and tensor shapes disagree (the message names both)',
    input: (d) => {
      llamaInto(d);
      editJson(path.join(d, 'config.json'), (j) => (j.intermediate_size = 32));
    },
    run: load,
    expect: 'tensor "model.layers.0.mlp.gate_proj.weight" has shape [24, 16] but config.json needs [32, 16] (hidden_size 16, heads 4, kv heads 2, head_dim 8, intermediate_size 32, vocab_size 40)',
  },
  {
    entry: 'loadHfModel',
    name: 'shard index pointing outside the folder with ..',
    input: (d) => {
      llamaInto(d, { family: 'llama', shards: 2 });
      editJson(path.join(d, 'model.safetensors.index.json'), (j) => ((j.weight_map as Record<string, string>)['model.norm.weight'] = '../secret.safetensors'));
    },
    run: load,
    expect: 'model.safetensors.index.json: shard "../secret.safetensors" points outside the model folder; shards must be files inside it',
  },
  {
    entry: 'loadHfModel',
    name: 'shard index with an absolute path',
    input: (d) => {
      llamaInto(d, { family: 'llama', shards: 2 });
      editJson(path.join(d, 'model.safetensors.index.json'), (j) => ((j.weight_map as Record<string, string>)['model.norm.weight'] = '/etc/passwd'));
    },
    run: load,
    expect: 'model.safetensors.index.json: shard "/etc/passwd" points outside the model folder; shards must be files inside it',
  },
  {
    entry: 'loadHfModel',
    name: 'shard that is a symlink to a file outside the folder',
    input: (d) => {
      llamaInto(d, { family: 'llama', shards: 2 });
      const outside = path.join(root, `outside-${path.basename(d)}.safetensors`);
      const index = JSON.parse(fs.readFileSync(path.join(d, 'model.safetensors.index.json'), 'utf8'));
      const shard = Object.values(index.weight_map as Record<string, string>)[0];
      fs.renameSync(path.join(d, shard), outside);
      fs.symlinkSync(outside, path.join(d, shard));
    },
    run: load,
    expect: /^model\.safetensors\.index\.json: shard "model-00001-of-00002\.safetensors" is a link to .*outside-.*\.safetensors, outside the model folder; Model Lens reads nothing outside it$/,
  },
  {
    entry: 'loadHfModel',
    name: 'a model too large for memory is refused before reading, with the numbers',
    input: (d) => llamaInto(d),
    run: async (d) => {
      const r = await loadHfModel(d, { memoryLimitBytes: 10_000 });
      r.model.dispose();
      return 'loaded';
    },
    // 6,736 parameters (embed 640 + head 640 + 2 × (attention 1,536 + MLP 1,152 + norms 32) + final norm 16) × 4 bytes = 26.3 KiB,
    // plus twice the largest tensor (640 × 4 bytes) = 31.3 KiB
    expect: 'this model needs about 31.3 KiB to load (6,736 parameters = 26.3 KiB as float32, plus room to convert its largest tensor), but 9.8 KiB is free. Close other programs or choose a smaller model.',
  },
  {
    entry: 'loadHfModel',
    name: 'unsupported rope_scaling type is named',
    input: (d) => {
      llamaInto(d);
      editJson(path.join(d, 'config.json'), (j) => (j.rope_scaling = { rope_type: 'yarn', factor: 4 }));
    },
    run: load,
    expect: 'config.json: rope_scaling type "yarn" is not supported (supported: default, linear, llama3)',
  },
  {
    entry: 'readHfTokenizerJson',
    name: 'huge vocabulary (over a million entries)',
    input: (d) => {
      const j = tinyTokenizerJson();
      const vocab: Record<string, number> = {};
      for (let i = 0; i < (1 << 20) + 1; i++) vocab[`t${i}`] = i;
      (j.model as Record<string, unknown>).vocab = vocab;
      fs.writeFileSync(path.join(d, 'tokenizer.json'), JSON.stringify(j));
    },
    run: async (d) => (await readHfTokenizerJson(d, 100)).source,
    expect: 'tokenizer.json: model.vocab has 1,048,577 entries, more than the 1,048,576 Model Lens accepts',
  },
  {
    entry: 'readHfTokenizerJson',
    name: 'cyclic merges (a b → ab, ab → a b …) neither hang nor crash: encoding still ends',
    input: (d) => {
      const merges = ['▁ h', 'h ▁', '▁h ▁', '▁ ▁h', 'l l', 'll l', 'l ll'];
      fs.writeFileSync(path.join(d, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson(merges)));
    },
    run: async (d) => {
      const r = await readHfTokenizerJson(d, 100);
      return `encoded ${r.tokenizer!.encode(' h h hlll'.repeat(200)).length} ids`;
    },
    expect: /^encoded \d+ ids$/,
  },
  {
    entry: 'readHfTokenizerJson',
    name: 'a merge that is not "a b"',
    input: (d) => fs.writeFileSync(path.join(d, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson(['▁h', 42]))),
    run: async (d) => (await readHfTokenizerJson(d, 100)).source,
    expect: 'tokenizer.json: a merge must be "a b" or ["a", "b"], got "▁h"',
  },
  {
    entry: 'renderChatTemplate',
    name: 'a template that fails to render reports its own error and line',
    input: (d) => fs.writeFileSync(path.join(d, 'tokenizer_config.json'), JSON.stringify({ chat_template: "{% for m in messages %}\n{% if m.role == 'tool' %}{{ raise_exception('tools are not supported') }}{% endif %}\n{% endfor %}" })),
    run: async (d) => {
      const cfg = JSON.parse(fs.readFileSync(path.join(d, 'tokenizer_config.json'), 'utf8'));
      return renderChatTemplate(findChatTemplate(d, cfg), [{ role: 'tool', content: 'x' }]);
    },
    expect: 'the chat template (tokenizer_config.json) failed at line 2: tools are not supported',
  },
  {
    entry: 'findChatTemplate',
    name: 'a base model without a chat template',
    input: (d) => fs.writeFileSync(path.join(d, 'tokenizer_config.json'), JSON.stringify({ bos_token: '<bos>' })),
    run: async (d) => findChatTemplate(d, {}).source,
    expect: '<dir> has no chat template (no chat_template in tokenizer_config.json and no chat_template.jinja): this is probably a base model, not an instruction-tuned one',
  },
];

runCatalogue(CASES, root, { setup: useTestBackend });
