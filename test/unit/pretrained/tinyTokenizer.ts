// A hand-written SentencePiece-style BPE tokenizer.json (▁ for spaces, byte fallback, special and added tokens, a <bos>
// post-processor) and a Gemma-like tokenizer_config.json with a chat template, small enough to work out ids by hand.
export const SPECIALS = ['<pad>', '<eos>', '<bos>', '<start_of_turn>', '<end_of_turn>'];
/** ids 5…: pieces the merges below build, and two byte-fallback tokens for "é" (UTF-8 C3 A9). */
export const PIECES = ['▁', 'h', 'e', 'l', 'o', 'w', 'r', 'd', '▁h', 'll', '▁he', '▁hell', '▁hello', 'or', '<0xC3>', '<0xA9>'];
export const MERGES = ['▁ h', 'l l', '▁h e', '▁he ll', '▁hell o', 'o r'];
/** Added, non-special whole words (ids 21, 22): role names of the template. */
export const WORDS = ['user', 'model'];

export function tinyTokenizerJson(merges: unknown[] = MERGES): Record<string, unknown> {
  const added = (content: string, id: number, special: boolean) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...SPECIALS.map((s, i) => added(s, i, true)), ...WORDS.map((w, i) => added(w, 21 + i, false))],
    normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<bos>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<bos>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<bos>': { id: '<bos>', ids: [2], tokens: ['<bos>'] } },
    },
    decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }] },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: true,
      ignore_merges: false,
      vocab: Object.fromEntries([...SPECIALS.map((s, i) => [s, i]), ...PIECES.map((p, i) => [p, 5 + i]), ...WORDS.map((w, i) => [w, 21 + i])]),
      merges,
    },
  };
}

/** Gemma's turn markers, simplified: one line per message, then the model's turn when asked. */
export const TEMPLATE =
  '{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m.role }} {{ m.content }}<end_of_turn>{% endfor %}' +
  '{% if add_generation_prompt %}<start_of_turn>model{% endif %}';

export function tinyTokenizerConfig(template: unknown = TEMPLATE): Record<string, unknown> {
  return { bos_token: '<bos>', eos_token: { content: '<eos>', special: true }, chat_template: template, add_bos_token: true };
}
