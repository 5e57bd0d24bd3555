// Embedding requests: thin adapters from protocol/embeddings.ts to src/engine/embeddings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MessageConnection } from 'vscode-jsonrpc';
import {
  analogyRequest, evaluateRequest, exportRequest, importRequest, listRequest, neighborsRequest, trainRequest, vectorsRequest,
  type EmbeddingModelDto, type EvaluateResult,
} from '../../protocol/embeddings';
import { UserError } from '../errors';
import { assetPath, DEFAULT_MODEL_ID } from '../embeddings/assets';
import { saveModel } from '../embeddings/checkpoint';
import { BUNDLED_CORPORA } from '../embeddings/corpora';
import { evaluateAnalogiesAsync, evaluateSimilarity, parseAnalogies, parseSimilarityPairs } from '../embeddings/evaluate';
import { readVectors, writeVectors } from '../embeddings/formats';
import { describeModel, openModel } from '../embeddings/models';
import { trainModel } from '../embeddings/trainModel';
import { handle } from './handle';

export function registerEmbeddings(conn: MessageConnection): void {
  handle(conn, listRequest, (p) => {
    const models: EmbeddingModelDto[] = [describeModel(DEFAULT_MODEL_ID)];
    for (const folder of p.folders ?? []) {
      if (!fs.existsSync(folder)) continue;
      const dirs = [folder, ...fs.readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(folder, e.name))];
      for (const d of dirs) {
        if (!fs.existsSync(path.join(d, 'model.json'))) continue;
        try {
          models.push(describeModel(d));
        } catch {
          // a corrupt model is listed by the host from its own error on open, not here
        }
      }
    }
    return { models, corpora: [...BUNDLED_CORPORA] };
  });
  handle(conn, neighborsRequest, (p) => {
    const s = openModel(p.model);
    const results: Record<string, { word: string; score: number }[]> = {};
    for (const m of p.metrics ?? ['cosine']) results[m] = s.nearest(p.word, { k: p.k ?? 10, metric: m, topN: p.topN });
    return { word: p.word, results };
  });
  handle(conn, analogyRequest, (p) => {
    const s = openModel(p.model);
    const results = s.analogy(p.a, p.b, p.c, { k: p.k ?? 10, method: p.method, topN: p.topN });
    const words = [p.a, p.b, p.c, ...(results[0] ? [results[0].word] : [])];
    return { results, vectors: words.map((w) => ({ word: w, vector: Array.from(s.vector(w)) })) };
  });
  handle(conn, trainRequest, async (p, ctx) => {
    const r = await trainModel(p, {
      signal: ctx.signal,
      onProgress: (pr) => ctx.progress({ message: `epoch ${pr.epoch}/${pr.epochs}, loss ${pr.loss.toFixed(4)}`, fraction: pr.wordsDone / pr.totalWords, data: pr }),
    });
    return {
      model: describeModel(r.out),
      lossHistory: r.result.lossHistory,
      vocabulary: r.result.vocabulary,
      wordsPerSec: r.result.wordsPerSec,
      seconds: r.result.seconds,
      samples: r.samples,
    };
  });
  handle(conn, evaluateRequest, async (p, ctx) => {
    const s = openModel(p.model);
    const out: EvaluateResult = { similarity: [] };
    const file = p.analogies ?? assetPath('eval/questions-words.txt');
    out.analogy = await evaluateAnalogiesAsync(s, parseAnalogies(readText(file), file), {
      topN: p.topN,
      method: p.method,
      signal: ctx.signal,
      onProgress: (d, t) => ctx.progress({ fraction: d / t, message: `${d}/${t} questions` }),
    });
    for (const f of p.similarity ?? []) out.similarity.push({ file: f, ...evaluateSimilarity(s, parseSimilarityPairs(readText(f), f)) });
    return out;
  });
  handle(conn, vectorsRequest, (p) => {
    const s = openModel(p.model);
    const src = p.normalize ? s.unit : s.vectors;
    const rows: number[] = [];
    const missing: string[] = [];
    if (p.words) {
      for (const w of p.words) {
        const i = s.find(w);
        if (i < 0) missing.push(w);
        else rows.push(i);
      }
    } else for (let i = 0; i < Math.min(s.size, p.top ?? 5000); i++) rows.push(i);
    const vectors: number[] = new Array(rows.length * s.dim);
    rows.forEach((r, j) => {
      for (let d = 0; d < s.dim; d++) vectors[j * s.dim + d] = src[r * s.dim + d];
    });
    return { words: rows.map((r) => s.words[r]), dim: s.dim, vectors, missing };
  });
  handle(conn, importRequest, async (p, ctx) => {
    const wv = await readVectors(p.file, p.format, {
      maxWords: p.maxWords,
      signal: ctx.signal,
      onProgress: (words, fraction) => ctx.progress({ fraction, message: `${words.toLocaleString('en-US')} words read` }),
    });
    await saveModel(p.out, wv, { method: 'imported', corpus: path.basename(p.file), config: { source: p.file, format: p.format ?? 'auto' } });
    return describeModel(p.out);
  });
  handle(conn, exportRequest, async (p) => {
    const s = openModel(p.model);
    const n = Math.min(s.size, p.maxWords ?? s.size);
    const files = await writeVectors(p.file, { words: s.words.slice(0, n), dim: s.dim, vectors: s.vectors.subarray(0, n * s.dim) }, p.format);
    return { files };
  });
}

function readText(file: string): string {
  if (!fs.existsSync(file)) throw new UserError(`${file} does not exist`);
  return fs.readFileSync(file, 'utf8');
}
