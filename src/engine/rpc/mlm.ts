// Bidirectional-model requests: fill mask on an encoder, and masked-language-model training with progress.
import type { MessageConnection } from 'vscode-jsonrpc';
import { mlmFillMaskRequest, mlmTrainRequest } from '../../protocol/mlm';
import { getLm } from '../lm/registry';
import { DEFAULT_ENCODER_ID } from '../mlm/defaultEncoder';
import { fillMask } from '../mlm/fillMask';
import { trainMlmToDir } from '../mlm/trainRun';
import { handle } from './handle';

export function registerMlm(conn: MessageConnection): void {
  handle(conn, mlmFillMaskRequest, async (p, ctx) => {
    const lm = await getLm(p.modelId ?? DEFAULT_ENCODER_ID, { signal: ctx.signal, onProgress: (x) => ctx.progress(x) });
    return (await fillMask(lm, { text: p.text, ids: p.ids, topK: Math.max(1, Math.min(1000, (p.topK ?? 10) | 0)), attentionMask: p.attentionMask, tokenTypeIds: p.tokenTypeIds }));
  });
  handle(conn, mlmTrainRequest, async (p, ctx) => {
    const r = await trainMlmToDir({
      corpus: p.corpus,
      text: p.text,
      vocabSize: p.vocabSize,
      preset: p.preset,
      config: p.config,
      options: p.options,
      outDir: p.outDir,
      signal: ctx.signal,
      onStep: (s) => ctx.progress({ fraction: s.step / s.totalSteps, message: `step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(3)} masked acc ${s.acc.toFixed(3)}`, data: s }),
    });
    return {
      outDir: r.outDir,
      resumed: r.resumed,
      steps: r.state.step,
      finalLoss: r.finalLoss,
      finalAcc: r.finalAcc,
      valLoss: r.valLoss,
      valAcc: r.valAcc,
      trainSeconds: r.state.trainSeconds,
      tokensSeen: r.state.tokensSeen,
    };
  });
}
