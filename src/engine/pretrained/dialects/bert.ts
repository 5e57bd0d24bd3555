// The BERT family's Hugging Face configs as dialects of the generic loader (loadHf.ts): `bert` (BertForMaskedLM:
// post-norm, token-type embeddings, embedding LayerNorm, the MLM transform head) and `distilbert`
// (DistilBertForMaskedLM: the same without token types, other tensor names). Their WordPiece vocabulary comes from
// vocab.txt or tokenizer.json (wordpieceFiles.ts) rather than a byte-level tokenizer.json.
import { UserError } from '../../errors';
import { validateConfig, type Activation } from '../../lm/config';
import { readWordPiece } from '../wordpieceFiles';
import type { HfDialect, HfTensorMap } from './types';

const int = (j: Record<string, unknown>, key: string, def?: number): number => {
  const v = j[key] ?? def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new UserError(`config.json: ${key} must be a positive integer, got ${JSON.stringify(j[key])}`);
  return v;
};

function activationOf(v: unknown): Activation {
  switch (v ?? 'gelu') {
    case 'gelu':
      return 'gelu'; // erf GELU, as BERT's "gelu"
    case 'gelu_new':
    case 'gelu_pytorch_tanh':
      return 'gelu_new';
    case 'relu':
      return 'relu';
    default:
      throw new UserError(`config.json: activation ${JSON.stringify(v)} is not supported (gelu, gelu_new, relu)`);
  }
}

const typeOf = (j: Record<string, unknown>) => String(j.model_type ?? '');
const archs = (j: Record<string, unknown>) => (Array.isArray(j.architectures) ? j.architectures.map(String) : []);

/** What every BERT-family encoder shares: learned positions, post-norm, embedding LayerNorm, MLM head tied to wte. */
const encoderBase = { positional: 'learned', norm: 'post', causal: false, tiedEmbeddings: true, embeddingNorm: true, mlmHead: true, dropout: 0 } as const;

const linear = (hf: string, engine: string, out: number, inp: number): HfTensorMap[] => [
  { hfName: `${hf}.weight`, shape: [out, inp], engine: `w${engine}`, transpose: true },
  { hfName: `${hf}.bias`, shape: [out], engine: `b${engine}` },
];
const norm = (hf: string, engine: string, d: number): HfTensorMap[] => [
  { hfName: `${hf}.weight`, shape: [d], engine: `${engine}.g` },
  { hfName: `${hf}.bias`, shape: [d], engine: `${engine}.b` },
];
/** The MLM head sits outside the body prefix (`cls.predictions.*`, `vocab_*`): looked up under headPrefixes. */
const head = (maps: HfTensorMap[]): HfTensorMap[] => maps.map((m) => ({ ...m, head: true }));
/** `a.w` + `q` → `a.wq`: linear() names the engine parameter by prefix + w/b + suffix. */
const lin = (hf: string, enginePrefix: string, suffix: string, out: number, inp: number): HfTensorMap[] =>
  linear(hf, suffix, out, inp).map((m) => ({ ...m, engine: `${enginePrefix}.${m.engine}` }));

export const bertDialect: HfDialect = {
  name: 'bert',
  modelTypes: ['bert'],
  objective: 'mlm',
  matches: (j) => typeOf(j) === 'bert' || archs(j).some((a) => a.startsWith('Bert')),
  toConfig(j) {
    if (j.position_embedding_type !== undefined && j.position_embedding_type !== 'absolute') {
      throw new UserError(`config.json: position_embedding_type "${j.position_embedding_type}" is not supported (only "absolute")`);
    }
    if (j.is_decoder === true) throw new UserError('config.json: is_decoder is true; Model Lens opens BERT as a bidirectional encoder only');
    return validateConfig({
      ...encoderBase,
      vocabSize: int(j, 'vocab_size'),
      contextLength: int(j, 'max_position_embeddings'),
      dModel: int(j, 'hidden_size'),
      nLayers: int(j, 'num_hidden_layers'),
      nHeads: int(j, 'num_attention_heads'),
      dFF: int(j, 'intermediate_size'),
      typeVocabSize: int(j, 'type_vocab_size', 2),
      activation: activationOf(j.hidden_act),
      layerNormEpsilon: typeof j.layer_norm_eps === 'number' ? j.layer_norm_eps : 1e-12,
    });
  },
  layout(c) {
    const d = c.dModel;
    const out: HfTensorMap[] = [
      { hfName: 'embeddings.word_embeddings.weight', shape: [c.vocabSize, d], engine: 'wte' },
      { hfName: 'embeddings.position_embeddings.weight', shape: [c.contextLength, d], engine: 'wpe' },
      { hfName: 'embeddings.token_type_embeddings.weight', shape: [c.typeVocabSize, d], engine: 'wtt' },
      ...norm('embeddings.LayerNorm', 'lnE', d),
    ];
    for (let i = 0; i < c.nLayers; i++) {
      const h = `encoder.layer.${i}`;
      const b = `blocks.${i}`;
      out.push(
        ...lin(`${h}.attention.self.query`, `${b}.attn`, 'q', d, d),
        ...lin(`${h}.attention.self.key`, `${b}.attn`, 'k', d, d),
        ...lin(`${h}.attention.self.value`, `${b}.attn`, 'v', d, d),
        ...lin(`${h}.attention.output.dense`, `${b}.attn`, 'o', d, d),
        ...norm(`${h}.attention.output.LayerNorm`, `${b}.ln1`, d),
        ...lin(`${h}.intermediate.dense`, `${b}.mlp`, 'Up', c.dFF, d),
        ...lin(`${h}.output.dense`, `${b}.mlp`, 'Down', d, c.dFF),
        ...norm(`${h}.output.LayerNorm`, `${b}.ln2`, d),
      );
    }
    out.push(
      ...head([
        ...lin('cls.predictions.transform.dense', 'mlm', '', d, d),
        ...norm('cls.predictions.transform.LayerNorm', 'mlm.ln', d),
        { hfName: 'cls.predictions.bias', shape: [c.vocabSize], engine: 'mlm.bOut' },
      ]),
    );
    return out;
  },
  bodyPrefixes: ['bert.', ''],
  headPrefixes: [''],
  tokenizer: readWordPiece,
};

export const distilbertDialect: HfDialect = {
  name: 'distilbert',
  modelTypes: ['distilbert'],
  objective: 'mlm',
  matches: (j) => typeOf(j) === 'distilbert' || archs(j).some((a) => a.startsWith('DistilBert')),
  toConfig(j) {
    return validateConfig({
      ...encoderBase,
      vocabSize: int(j, 'vocab_size'),
      contextLength: int(j, 'max_position_embeddings'),
      dModel: int(j, 'dim'),
      nLayers: int(j, 'n_layers'),
      nHeads: int(j, 'n_heads'),
      dFF: int(j, 'hidden_dim'),
      typeVocabSize: 0,
      activation: activationOf(j.activation),
      // DistilBERT's LayerNorms use eps 1e-12, fixed in its modelling code
      layerNormEpsilon: 1e-12,
    });
  },
  layout(c) {
    const d = c.dModel;
    const out: HfTensorMap[] = [
      { hfName: 'embeddings.word_embeddings.weight', shape: [c.vocabSize, d], engine: 'wte' },
      { hfName: 'embeddings.position_embeddings.weight', shape: [c.contextLength, d], engine: 'wpe' },
      ...norm('embeddings.LayerNorm', 'lnE', d),
    ];
    for (let i = 0; i < c.nLayers; i++) {
      const h = `transformer.layer.${i}`;
      const b = `blocks.${i}`;
      out.push(
        ...lin(`${h}.attention.q_lin`, `${b}.attn`, 'q', d, d),
        ...lin(`${h}.attention.k_lin`, `${b}.attn`, 'k', d, d),
        ...lin(`${h}.attention.v_lin`, `${b}.attn`, 'v', d, d),
        ...lin(`${h}.attention.out_lin`, `${b}.attn`, 'o', d, d),
        ...norm(`${h}.sa_layer_norm`, `${b}.ln1`, d),
        ...lin(`${h}.ffn.lin1`, `${b}.mlp`, 'Up', c.dFF, d),
        ...lin(`${h}.ffn.lin2`, `${b}.mlp`, 'Down', d, c.dFF),
        ...norm(`${h}.output_layer_norm`, `${b}.ln2`, d),
      );
    }
    out.push(
      ...head([
        ...lin('vocab_transform', 'mlm', '', d, d),
        ...norm('vocab_layer_norm', 'mlm.ln', d),
        { hfName: 'vocab_projector.bias', shape: [c.vocabSize], engine: 'mlm.bOut' },
      ]),
    );
    return out;
  },
  bodyPrefixes: ['distilbert.', ''],
  headPrefixes: [''],
  tokenizer: readWordPiece,
};
