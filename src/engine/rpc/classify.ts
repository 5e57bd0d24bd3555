// Text-classifier requests: thin adapters from protocol/classify.ts to src/engine/classify.
import type { MessageConnection } from 'vscode-jsonrpc';
import {
  classifyColumnsRequest, classifyEvaluateRequest, classifyPredictRequest, classifyTrainRequest,
} from '../../protocol/classify';
import { evaluateClassifier, openClassifier, predictText, trainClassifierFromFile } from '../classify/classifier';
import { readTable } from '../classify/data';
import { UserError } from '../errors';
import { handle } from './handle';

export function registerClassify(conn: MessageConnection): void {
  handle(conn, classifyTrainRequest, (p, ctx) =>
    trainClassifierFromFile(p, {
      signal: ctx.signal,
      onProgress: (d, message) => ctx.progress({ message, fraction: d.step / d.totalSteps, data: d }),
    }),
  );
  handle(conn, classifyPredictRequest, (p) => {
    if (typeof p?.text !== 'string') throw new UserError('classify/predict needs a text');
    if (p.text.length > 100_000) throw new UserError('the selection is too long to classify (over 100,000 characters)');
    return predictText(openClassifier(p.modelId), p.text);
  });
  handle(conn, classifyEvaluateRequest, (p) => evaluateClassifier(openClassifier(p.modelId), p));
  handle(conn, classifyColumnsRequest, (p) => {
    if (typeof p?.file !== 'string') throw new UserError('classify/columns needs a file');
    const t = readTable(p.file);
    return { format: t.format, columns: t.columns, rows: t.rows.length };
  });
}
