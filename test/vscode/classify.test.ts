// Text classification inside a real VS Code: train a tiny classifier on a bundled sample through the command
// (arguments skip the quick picks), classify an editor selection, and open the confusion matrix.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClassifyEvaluateResult, ClassifyPredictResult, ClassifyTrainResult } from '../../src/protocol/classify';
import type { ClassifyToWebview, ConfusionToWebview } from '../../src/protocol/webview/classify';
import { openSourceLine } from '../../src/panels/classifyConfusionPanel';
import { suite, test } from './runner';
import { api, openAndSelect, tabLabels, waitFor } from './util';

suite('classify', () => {
  let modelDir = '';

  test('Train Text Classifier… with arguments trains on a bundled sample and saves under storage', async () => {
    const r = (await vscode.commands.executeCommand('modelLens.trainClassifier', {
      sample: 'brown-genres', pool: 'mean', epochs: 2, maxExamples: 300, dModel: 16, nHeads: 2, maxVocab: 800,
    })) as ClassifyTrainResult | undefined;
    assert.ok(r, 'the command returned no result (see the Model Lens log)');
    modelDir = r.modelDir;
    assert.deepEqual(r.labels, ['government', 'hobbies', 'news', 'religion', 'romance']);
    assert.equal(r.history.length, 2);
    assert.ok(fs.existsSync(path.join(modelDir, 'manifest.json')));
    const a = await api();
    assert.ok(modelDir.startsWith(a.services.context.globalStorageUri.fsPath), modelDir);
    assert.ok(a.lastPosted('classifyTraining', 'progress'), 'progress reached the host');
    // the shared Training panel drew the loss and, per epoch, validation accuracy and macro-F1
    const hist = a.lastPosted('training', 'history') as { loss: number; metrics?: Record<string, number> }[];
    assert.ok(hist.some((p) => p.metrics && p.metrics.valAccuracy >= 0 && p.metrics.macroF1 >= 0), JSON.stringify(hist.slice(-2)));
    assert.equal((a.lastPosted('training', 'status') as { state: string }).state, 'done');
    // the Models view lists it with its classes and validation accuracy
    await vscode.commands.executeCommand('workbench.view.extension.modelLens');
    await vscode.commands.executeCommand('modelLens.refreshModels');
    const row = await waitFor('classifier in the Models view', () => {
      const ns = a.services.posted.get('models:tree') as { kind: string; entry?: { dir: string; labels: string[]; valAccuracy?: number } }[] | undefined;
      return ns?.find((n) => n.kind === 'classifier' && n.entry?.dir === modelDir);
    });
    assert.deepEqual(row.entry?.labels, ['government', 'hobbies', 'news', 'religion', 'romance']);
    assert.ok(row.entry?.valAccuracy !== undefined && row.entry.valAccuracy >= 0 && row.entry.valAccuracy <= 1);
  }, 240000);

  test('Classify Selection draws probabilities that sum to 1 and attention over the selected words', async () => {
    const a = await api();
    await openAndSelect('moby-dick.txt', 'Call me Ishmael');
    await vscode.commands.executeCommand('modelLens.classifySelection');
    await waitFor('classification tab', () => tabLabels().includes('Model Lens: Classification'));
    const m = await waitFor('prediction posted', () => a.lastPosted('classify', 'prediction') as Extract<ClassifyToWebview, { type: 'prediction' }> | undefined);
    const r: ClassifyPredictResult = m.result;
    assert.equal(m.text, 'Call me Ishmael');
    assert.equal(r.labels.length, 5);
    assert.ok(Math.abs(r.probabilities.reduce((x, y) => x + y, 0) - 1) < 1e-4);
    assert.deepEqual(r.tokens, ['call', 'me', 'ishmael']);
    assert.equal(r.attention.length, 1);
    assert.equal(r.attention[0].length, 2);
    assert.equal(r.attention[0][0].length, 3);
  }, 60000);

  test('the confusion matrix counts the validation examples and a misclassified one opens its source line', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showConfusionMatrix', { modelId: modelDir });
    const m = await waitFor('confusion posted', () => a.lastPosted('confusion', 'confusion') as Extract<ConfusionToWebview, { type: 'confusion' }> | undefined);
    const r: ClassifyEvaluateResult = m.result;
    assert.equal(r.confusion.flat().reduce((x, y) => x + y, 0), r.examples);
    assert.equal(r.examples, 60);
    const wrong = r.confusion.flat().reduce((x, y) => x + y, 0) - r.confusion.reduce((s, row, i) => s + row[i], 0);
    assert.equal(r.misclassified.length, wrong);
    assert.ok(r.misclassified.length > 0);
    const ex = r.misclassified[0];
    const ed = await openSourceLine(ex.file, ex.line);
    assert.ok(ed.document.lineAt(ex.line - 1).text.includes(ex.text.slice(0, 30).replace(/"/g, '""')));
  }, 120000);

  test('a classifier fine-tuned from the embedded bidirectional encoder reads [CLS] … [SEP] with its WordPiece words', async () => {
    const a = await api();
    const r = (await vscode.commands.executeCommand('modelLens.trainClassifier', {
      sample: 'brown-genres', from: 'default-encoder', epochs: 1, maxExamples: 150,
    })) as ClassifyTrainResult | undefined;
    assert.ok(r, 'the command returned no result (see the Model Lens log)');
    assert.equal(r.from?.id, 'default-encoder');
    assert.match(r.from?.name ?? '', /Bidirectional word encoder/);
    assert.match(path.basename(r.modelDir), /^brown-genres-finetuned-genre-cls-/);
    const run = a.lastPosted('training', 'run') as { config: Record<string, unknown> } | undefined;
    assert.equal(run?.config.start, 'fine-tune default-encoder');
    const p = (await vscode.commands.executeCommand('modelLens.classifySelection', { text: 'The Senate passed the bill.', modelId: r.modelDir })) as
      | Extract<ClassifyToWebview, { type: 'prediction' }>
      | undefined;
    assert.deepEqual(p?.result.tokens, ['[CLS]', 'the', 'senate', 'passed', 'the', 'bill', '.', '[SEP]']);
    assert.equal(p?.result.pool, 'cls');
    assert.equal(p?.result.attention.length, 4, 'one row per layer of the encoder');
    // the Models view says where it started from
    await vscode.commands.executeCommand('modelLens.refreshModels');
    const row = await waitFor('fine-tuned classifier in the Models view', () => {
      const ns = a.services.posted.get('models:tree') as { kind: string; entry?: { dir: string; from?: string } }[] | undefined;
      return ns?.find((n) => n.kind === 'classifier' && n.entry?.dir === r.modelDir);
    });
    assert.match(row.entry?.from ?? '', /Bidirectional word encoder/);
  }, 180000);
});
