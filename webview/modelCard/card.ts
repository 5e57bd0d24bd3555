// Pure: a ModelCard → the parameter-breakdown bars, the config rows and the loss-curve traces (unit-testable).
import type { AnyModelCard, ModelCard, RnnModelCard } from '../../src/protocol/lm';

const isRecurrent = (c: AnyModelCard): c is RnnModelCard => 'family' in c && c.family === 'recurrent';

/** Matrix types in the order of the GPT-3 paper's table, with their labels. */
export const PARAM_ROWS: [keyof ModelCard['params']['byCategory'], string][] = [
  ['tokenEmbedding', 'token embedding'],
  ['positionEmbedding', 'position embedding'],
  ['attnQ', 'attention Q'],
  ['attnK', 'attention K'],
  ['attnV', 'attention V'],
  ['attnO', 'attention O'],
  ['ffnUp', 'FFN up'],
  ['ffnDown', 'FFN down'],
  ['norms', 'norms'],
  ['unembedding', 'unembedding'],
];

export interface BarTrace {
  type: 'bar';
  orientation: 'h';
  name: string;
  x: number[];
  y: string[];
  text: string[];
  textposition: 'auto';
  hovertemplate: string;
}

/** One horizontal bar per matrix type (top to bottom in table order), labelled with count and share. */
export function paramBars(card: AnyModelCard): BarTrace {
  if (isRecurrent(card)) return recurrentBars(card);
  const total = Math.max(1, card.params.total);
  const rows = PARAM_ROWS.map(([k, label]) => {
    const n = card.params.byCategory[k] ?? 0;
    const tied = k === 'unembedding' && card.params.tiedEmbeddings;
    return { label: tied ? 'unembedding (tied)' : label, n, text: tied ? 'shares the token embedding' : `${n.toLocaleString('en-US')} (${((100 * n) / total).toFixed(1)}%)` };
  }).reverse();
  return {
    type: 'bar',
    orientation: 'h',
    name: 'parameters',
    x: rows.map((r) => r.n),
    y: rows.map((r) => r.label),
    text: rows.map((r) => r.text),
    textposition: 'auto',
    hovertemplate: '%{y}: %{x:,} parameters<extra></extra>',
  };
}

/** A recurrent model: one bar per weight tensor (input, recurrent, bias per layer; output layer). */
function recurrentBars(card: RnnModelCard): BarTrace {
  const total = Math.max(1, card.params.total);
  const rows = card.params.tensors.map((t) => ({ label: `${t.name} [${t.shape.join('×')}]`, n: t.count })).reverse();
  return {
    type: 'bar',
    orientation: 'h',
    name: 'parameters',
    x: rows.map((r) => r.n),
    y: rows.map((r) => r.label),
    text: rows.map((r) => `${r.n.toLocaleString('en-US')} (${((100 * r.n) / total).toFixed(1)}%)`),
    textposition: 'auto',
    hovertemplate: '%{y}: %{x:,} parameters<extra></extra>',
  };
}

const CELL_NAMES = { rnn: 'Elman RNN (tanh)', lstm: 'LSTM (input, forget, output gates)', gru: 'GRU (reset, update gates)' };

/** One line for the card's status: parameters and shape of the network. */
export function summaryLine(card: AnyModelCard): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const total = card.params.total.toLocaleString('en-US');
  if (isRecurrent(card)) return `${total} parameters · ${card.config.arch.toUpperCase()} · ${n(card.config.nLayers, 'layer')} × ${card.config.dHidden} hidden units · backend ${card.backend}`;
  return `${total} parameters · ${n(card.config.nLayers, 'layer')} × ${n(card.config.nHeads, 'head')} · ${card.config.dModel}-d · backend ${card.backend}`;
}

/** [name, value] rows of the config table: architecture, then tokenizer. */
export function configRows(card: AnyModelCard): [string, string][] {
  if (isRecurrent(card)) {
    const r = card.config;
    return [
      ['cell (arch)', CELL_NAMES[r.arch]],
      ['layers (nLayers)', String(r.nLayers)],
      ['hidden units (dHidden)', String(r.dHidden)],
      ['BPTT window (contextLength)', String(r.contextLength)],
      ['vocabulary (vocabSize)', r.vocabSize.toLocaleString('en-US')],
      ['tokenizer', `${card.tokenizer.kind} (${card.tokenizer.vocabSize.toLocaleString('en-US')} tokens)`],
      ['parameters', card.params.total.toLocaleString('en-US')],
    ];
  }
  const c = card.config;
  return [
    ['layers (nLayers)', String(c.nLayers)],
    ['heads (nHeads)', String(c.nHeads)],
    ['width (dModel)', String(c.dModel)],
    ['feed-forward (dFF)', String(c.dFF)],
    ['context (contextLength)', String(c.contextLength)],
    ['vocabulary (vocabSize)', c.vocabSize.toLocaleString('en-US')],
    ['positions', c.positional],
    ['norm placement', c.norm === 'pre' ? 'pre (GPT-2)' : c.norm === 'sandwich' ? 'sandwich: before and after each sublayer (Gemma)' : 'post (original transformer)'],
    ['activation', c.activation],
    ['attention', c.attention],
    ['tied embeddings', c.tiedEmbeddings ? 'yes' : 'no'],
    ['dropout', String(c.dropout)],
    ['tokenizer', `${card.tokenizer.kind} (${card.tokenizer.vocabSize.toLocaleString('en-US')} tokens)`],
    ['parameters', card.params.total.toLocaleString('en-US')],
    ...modernRows(c),
    ...encoderRows(c),
  ];
}

/** Rows only bidirectional encoders have (BERT's family and masked LMs trained here). */
function encoderRows(c: ModelCard['config']): [string, string][] {
  if (c.causal !== false) return [];
  const rows: [string, string][] = [['masking', 'none: bidirectional, every token attends to every token (an encoder)']];
  if (c.typeVocabSize) rows.push(['token types (typeVocabSize)', `${c.typeVocabSize} (segment embeddings, as BERT's sentence A / B)`]);
  if (c.embeddingNorm) rows.push(['embedding norm', 'LayerNorm of the summed embeddings, before block 0']);
  if (c.mlmHead) rows.push(['MLM head', 'dense → activation → LayerNorm, then the tied embeddings + an output bias']);
  return rows;
}

/** Rows only models of the newer families have (GQA, head width, RMSNorm, gated MLP, rotary base, sliding layers). */
function modernRows(c: ModelCard['config']): [string, string][] {
  const rows: [string, string][] = [];
  if (c.nKvHeads !== undefined && c.nKvHeads !== c.nHeads) rows.push(['key/value heads (nKvHeads)', `${c.nKvHeads} (${c.nHeads / c.nKvHeads} query heads share each)`]);
  if (c.dHead !== undefined && c.dHead * c.nHeads !== c.dModel) rows.push(['head width (dHead)', String(c.dHead)]);
  if (c.normKind === 'rms') rows.push(['norm', 'RMSNorm']);
  if (c.gatedMlp) rows.push(['MLP', `gated (${c.activation === 'silu' ? 'SwiGLU' : c.activation === 'gelu_new' ? 'GeGLU' : c.activation})`]);
  if (c.positional === 'rope' && c.ropeTheta !== undefined && c.ropeTheta !== 10000) rows.push(['rotary base (ropeTheta)', c.ropeTheta.toLocaleString('en-US')]);
  if (c.ropeScaling) rows.push(['rotary scaling', `${c.ropeScaling.type} ×${c.ropeScaling.factor}`]);
  const sliding = c.layerTypes?.filter((t) => t === 'sliding').length ?? 0;
  if (sliding) rows.push(['sliding-window layers', `${sliding} of ${c.nLayers}, window ${c.slidingWindow}${c.ropeLocalTheta ? `, rotary base ${c.ropeLocalTheta.toLocaleString('en-US')}` : ''}`]);
  if (c.finalLogitSoftcap) rows.push(['final logit soft-cap', String(c.finalLogitSoftcap)]);
  return rows;
}

/** [name, value] rows of where the model came from: corpus, training so far, backend. */
export function trainingRows(card: AnyModelCard): [string, string][] {
  const m = card.meta as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const rows: [string, string][] = [
    ['corpus', s(m.corpus) || 'unknown'],
    ['corpus tokens', typeof m.corpusTokens === 'number' ? m.corpusTokens.toLocaleString('en-US') : ''],
    ['preset', s(m.preset)],
    ['steps trained', card.step.toLocaleString('en-US')],
    ['tokens seen', card.tokensSeen.toLocaleString('en-US')],
    ['training time', card.trainSeconds ? `${card.trainSeconds.toFixed(1)} s` : ''],
    ['source', s(m.source) || (card.step ? 'trained in Model Lens' : '')],
    ['tokenizer files', s(m.tokenizerSource)],
    ['weights dtype', s(m.dtypes)],
    ['warnings', s(m.warnings)],
    ['backend', card.backend],
  ];
  return rows.filter(([, v]) => v !== '');
}

export interface LineTrace {
  type: 'scatter';
  mode: 'lines' | 'lines+markers';
  name: string;
  x: number[];
  y: number[];
}

/** Training and validation loss from the checkpoint's history (empty for a pretrained model). */
export function historyTraces(card: AnyModelCard): LineTrace[] {
  const h = card.history;
  if (!h.length) return [];
  const mode = h.length < 30 ? 'lines+markers' : 'lines';
  const out: LineTrace[] = [{ type: 'scatter', mode, name: 'loss', x: h.map((p) => p.step), y: h.map((p) => p.loss) }];
  const val = h.filter((p) => p.valLoss !== undefined && Number.isFinite(p.valLoss));
  if (val.length) out.push({ type: 'scatter', mode, name: 'validation loss', x: val.map((p) => p.step), y: val.map((p) => p.valLoss!) });
  return out;
}
