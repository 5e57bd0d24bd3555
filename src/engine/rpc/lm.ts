// Language-model requests: each loads (or reuses) the model named by modelId and answers with plain data.
import * as fs from 'node:fs';
import type { MessageConnection } from 'vscode-jsonrpc';
import {
  lmAttentionRequest,
  lmDescribeRequest,
  lmEvaluateRequest,
  lmGenerateRequest,
  lmLogitLensRequest,
  lmModelCardRequest,
  lmPredictRequest,
  lmTokenProbabilitiesRequest,
  lmTrainRequest,
} from '../../protocol/lm';
import { UserError } from '../errors';
import { generate } from '../lm/generate';
import { attentionMaps, evaluateText, logitLens, modelCard, predictNext, tokenProbabilities } from '../lm/inspect';
import { getLm } from '../lm/registry';
import { attentionStep } from '../lm/attentionStep';
import { contextualEmbeddings } from '../lm/contextual';
import { positionalEncodings } from '../lm/positions';
import { lmAttentionStepRequest, lmChatPromptRequest, lmContextualEmbeddingsRequest, lmPositionsRequest } from '../../protocol/lm';
import { renderPrompt } from '../pretrained/prompt';
import { describeLms } from '../lm/describe';
import { trainToDir } from '../lm/trainRun';
import { handle, type HandlerContext } from './handle';
import { assertNotRecurrent, getAnyLm, getRnn, isRecurrentId, rnnModelCard } from '../rnn/registry';
import { isRnnArch } from '../rnn/config';
import { trainRnnToDir } from '../rnn/trainRun';

export function registerLm(conn: MessageConnection): void {
  // Loading a large pretrained folder reports progress and can be cancelled like any long request.
  const lmFor = (id: string | undefined, ctx: HandlerContext, view = 'This view') => {
    assertNotRecurrent(id, view);
    return getLm(id, { signal: ctx.signal, onProgress: (x) => ctx.progress(x) });
  };
  // next-token views work on recurrent models too
  const anyLmFor = (id: string | undefined, ctx: HandlerContext) => getAnyLm(id, { signal: ctx.signal, onProgress: (x) => ctx.progress(x) });
  handle(conn, lmPredictRequest, async (p, ctx) =>
    predictNext(await anyLmFor(p.modelId, ctx), p, { temperature: p.temperature, topK: p.topK, topP: p.topP, top: p.top, full: p.full }),
  );
  handle(conn, lmGenerateRequest, async (p, ctx) => {
    const lm = await anyLmFor(p.modelId, ctx);
    const prompt = p.ids ?? lm.tokenizer.encode(p.text ?? '');
    if (prompt.length === 0) throw new UserError('no prompt given: select some text');
    const r = await generate(lm.model, lm.tokenizer, prompt, {
      maxTokens: Math.max(0, Math.min(2000, p.maxTokens | 0)),
      temperature: p.temperature,
      topK: p.topK,
      topP: p.topP,
      greedy: p.greedy,
      seed: p.seed,
      stop: p.stop,
      stopIds: Array.isArray(p.stopIds) ? p.stopIds.filter((x) => Number.isInteger(x)) : undefined,
      signal: ctx.signal,
      onToken: (t) => ctx.progress({ message: t.text, data: t }),
    });
    return { ...r, tokens: r.ids.map((i) => lm.tokenizer.tokenString(i)) };
  });
  handle(conn, lmTokenProbabilitiesRequest, async (p, ctx) => tokenProbabilities(await anyLmFor(p.modelId, ctx), p, p.top ?? 5));
  handle(conn, lmAttentionRequest, async (p, ctx) => attentionMaps(await lmFor(p.modelId, ctx, 'Attention'), p));
  handle(conn, lmLogitLensRequest, async (p, ctx) => logitLens(await lmFor(p.modelId, ctx, 'The logit lens'), p, p.topK ?? 5));
  handle(conn, lmContextualEmbeddingsRequest, async (p, ctx) => contextualEmbeddings(await lmFor(p.modelId, ctx), p.word, p.contexts, { normalize: p.normalize }));
  handle(conn, lmPositionsRequest, async (p, ctx) => positionalEncodings(await lmFor(p.modelId, ctx), p.maxPositions));
  handle(conn, lmChatPromptRequest, async (p) => {
    if (typeof p.modelId !== 'string' || !p.modelId || p.modelId === 'default-lm') {
      throw new UserError('Prompts need a chat model folder (Gemma 3 it, Qwen2.5 Instruct, SmolLM2 Instruct…): open one with Open Pretrained Model… and choose Use for Predictions. The embedded model has no chat template.');
    }
    return renderPrompt(p.modelId, p.messages, { addGenerationPrompt: !!p.addGenerationPrompt, templateName: typeof p.templateName === 'string' ? p.templateName : undefined });
  });
  handle(conn, lmAttentionStepRequest, async (p, ctx) => attentionStep(await lmFor(p.modelId, ctx), p, p));
  handle(conn, lmEvaluateRequest, async (p, ctx) => {
    let text = p.text;
    if (text === undefined && p.file) {
      if (!fs.existsSync(p.file)) throw new UserError(`file not found: ${p.file}`);
      text = fs.readFileSync(p.file, 'utf8');
    }
    return evaluateText(await anyLmFor(p.modelId, ctx), text ?? '', ctx.signal);
  });
  handle(conn, lmDescribeRequest, async (p) => ({ models: await describeLms(Array.isArray(p.ids) ? p.ids.filter((x) => typeof x === 'string') : []) }));
  handle(conn, lmModelCardRequest, async (p, ctx) => (isRecurrentId(p.modelId) ? rnnModelCard(getRnn(p.modelId!)) : modelCard(await lmFor(p.modelId, ctx))));
  handle(conn, lmTrainRequest, async (p, ctx) => {
    if (isRnnArch(p.arch)) {
      const r = await trainRnnToDir({
        arch: p.arch,
        corpus: p.corpus,
        text: p.text,
        tokenizer: p.tokenizer,
        preset: p.rnnPreset ?? (p.preset as 'femto' | 'pico' | 'small' | undefined),
        options: p.options,
        outDir: p.outDir,
        traceEvery: p.traceEvery ?? 10,
        signal: ctx.signal,
        onStep: (s) => ctx.progress({ fraction: s.step / s.totalSteps, message: `step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(3)}`, data: s }),
      });
      return { outDir: r.outDir, resumed: r.resumed, steps: r.state.step, finalLoss: r.finalLoss, valLoss: r.valLoss, trainSeconds: r.state.trainSeconds, tokensSeen: r.state.tokensSeen, gradThroughTime: r.gradThroughTime };
    }
    const r = await trainToDir({
      corpus: p.corpus,
      text: p.text,
      tokenizer: p.tokenizer,
      preset: p.preset,
      config: p.config,
      options: p.options,
      outDir: p.outDir,
      signal: ctx.signal,
      onStep: (s) => ctx.progress({ fraction: s.step / s.totalSteps, message: `step ${s.step}/${s.totalSteps} loss ${s.loss.toFixed(3)}`, data: s }),
    });
    return {
      outDir: r.outDir,
      resumed: r.resumed,
      steps: r.state.step,
      finalLoss: r.finalLoss,
      valLoss: r.valLoss,
      trainSeconds: r.state.trainSeconds,
      tokensSeen: r.state.tokensSeen,
    };
  });
}
