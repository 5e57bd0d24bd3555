// Every request the engine answers. Feature areas add one register call each.
import type { MessageConnection } from 'vscode-jsonrpc';
import { registerBase } from './base';
import { registerLm } from './lm';
import { registerEmbeddings } from './embeddings';
import { registerClassify } from './classify';
import { registerMlm } from './mlm';
import { registerProjection } from './projection';
import { registerRnn } from './rnn';
import { openModel } from '../embeddings/models';

/** The projector works on the first `topN` words (frequency order) of any embedding model. */
async function topVectors(modelId: string, topN: number) {
  const s = openModel(modelId);
  const n = Math.min(topN, s.words.length);
  return { words: s.words.slice(0, n) as string[], dim: s.dim, vectors: s.vectors.subarray(0, n * s.dim) };
}

export function registerAll(conn: MessageConnection, startMs: number): void {
  registerBase(conn, startMs);
  registerLm(conn);
  registerEmbeddings(conn);
  registerClassify(conn);
  registerMlm(conn);
  registerProjection(conn, topVectors);
  registerRnn(conn);
}
