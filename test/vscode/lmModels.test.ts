// Language models as a person manages them, in a real VS Code: train a femto model through the command (no
// prompts), see it in the Models view, resume it; open a tiny GPT-2 folder, read its model card, use it for
// predictions and get Predict Next Token's candidates from it; evaluate a file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmPredictRequest } from '../../src/protocol/lm';
import { TINY, hfConfigJson, tinyWeights, tmpDir, weightsFile, writeFolder } from '../unit/pretrained/tinyGpt2';
import { suite, test } from './runner';
import { api, sampleUri, waitFor } from './util';

type TreeNode = { kind: string; id?: string; label?: string; description?: string };
type Card = { config: { nLayers: number; nHeads: number; dModel: number; vocabSize: number }; params: { total: number; byCategory: Record<string, number> }; history: { step: number; loss: number }[]; meta: Record<string, unknown> };
type TrainResult = { outDir: string; resumed: boolean; steps: number; finalLoss?: number; name: string };

const name = `lm-test-femto-${process.pid}`;
let gpt2Dir = '';

async function treeNodes(want: (ns: TreeNode[]) => boolean, what: string): Promise<TreeNode[]> {
  const a = await api();
  await vscode.commands.executeCommand('workbench.view.extension.modelLens');
  await vscode.commands.executeCommand('modelLens.refreshModels');
  return waitFor(what, () => {
    const ns = a.services.posted.get('models:tree') as TreeNode[] | undefined;
    return ns && want(ns) ? ns : undefined;
  });
}

async function setLanguageModel(id: string | undefined): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('modelLens');
  await cfg.update('languageModel', id, vscode.ConfigurationTarget.Global);
  if (cfg.inspect('languageModel')?.workspaceValue !== undefined) await cfg.update('languageModel', undefined, vscode.ConfigurationTarget.Workspace);
}

suite('lm models', () => {
  test('Train Language Model (femto, arguments) → checkpoint, Training panel, tree row; again → resumes', async () => {
    const a = await api();
    const text = fs.readFileSync(sampleUri('moby-dick.txt').fsPath, 'utf8').slice(0, 20000);
    const choices = { corpus: 'moby-dick.txt', text, tokenizer: 'char', preset: 'femto', steps: 8, name };
    const r = (await vscode.commands.executeCommand('modelLens.trainLanguageModel', choices)) as TrainResult | undefined;
    assert.ok(r, 'training returned a result');
    assert.equal(r.resumed, false);
    assert.equal(r.steps, 8);
    assert.ok(Number.isFinite(r.finalLoss), `final loss ${r.finalLoss}`);
    assert.ok(fs.existsSync(path.join(r.outDir, 'manifest.json')), 'checkpoint written');
    assert.equal(path.basename(r.outDir), name);
    const status = a.lastPosted('training', 'status') as { state: string; message: string };
    assert.equal(status.state, 'done', status.message);
    const drawn = a.services.posted.get('training:history') as { step: number; loss: number; valLoss?: number; rate?: number; lr?: number }[];
    assert.deepEqual(drawn.map((d) => d.step), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(drawn.every((d) => Number.isFinite(d.loss) && d.rate! > 0 && d.lr! > 0), 'loss, tokens/s and learning rate per step');
    assert.ok(drawn.some((d) => d.valLoss !== undefined), 'validation loss drawn');
    // samples reach the webview once it is ready
    const sample = await waitFor('a sample generation shown', () => a.lastPosted('training', 'sample') as { step: number; text: string } | undefined);
    assert.ok(sample.text.length > 0 && sample.step >= 2, JSON.stringify(sample));

    const nodes = await treeNodes((ns) => ns.some((n) => n.kind === 'lm' && n.label === name), `tree lists ${name}`);
    const row = nodes.find((n) => n.label === name)!;
    assert.match(row.description!, /^2-d · 1 layer · 1 head · ctx 32 · char · [\d.]+k? params · step 8$/);
    // both embedded models: the subword default for predictions first, then the character model
    const embedded = nodes.filter((n) => n.kind === 'lm' && (n.id === 'subword-lm' || n.id === 'default-lm'));
    assert.deepEqual(embedded.map((n) => n.id), ['subword-lm', 'default-lm'], 'both embedded models are listed');
    assert.match(embedded[0].description!, /^128-d · 4 layers · 4 heads · ctx 64 · bpe · [\d.]+M params · step \d+$/);
    assert.match(embedded[1].description!, /^128-d · 4 layers · 4 heads · ctx 64 · [\d.]+k params · step 1799$/);
    const subCard = (await vscode.commands.executeCommand('modelLens.showModelCard', 'subword-lm')) as Card & { tokenizer: { kind: string; vocabSize: number } };
    assert.deepEqual(subCard.tokenizer, { kind: 'bpe', vocabSize: 2048 }, 'the card of the subword model opens');
    assert.ok(nodes.some((n) => n.kind === 'embedding'), 'embedding models still listed');

    const r2 = (await vscode.commands.executeCommand('modelLens.trainLanguageModel', { ...choices, steps: 4 })) as TrainResult;
    assert.equal(r2.resumed, true);
    assert.equal(r2.steps, 12);
    const drawn2 = a.services.posted.get('training:history') as { step: number }[];
    assert.deepEqual(drawn2.map((d) => d.step), [9, 10, 11, 12]);
    const card = (await vscode.commands.executeCommand('modelLens.showModelCard', r2.outDir)) as Card;
    assert.equal(card.history.length, 12, 'the history continues across the resume');
    assert.equal(card.config.dModel, 2);
    await treeNodes((ns) => ns.some((n) => n.label === name && /step 12$/.test(n.description ?? '')), 'tree shows step 12');
  }, 240000);

  test('a learning rate that diverges: the engine\'s message (step, lower rate) in the panel, no command result', async () => {
    const a = await api();
    const text = fs.readFileSync(sampleUri('moby-dick.txt').fsPath, 'utf8').slice(0, 5000);
    const r = await vscode.commands.executeCommand('modelLens.trainLanguageModel', {
      corpus: 'moby-dick.txt', text, tokenizer: 'char', preset: 'femto', steps: 5, name: `${name}-nan`, options: { learningRate: 1e30, warmupSteps: 0, gradClip: 0 },
    });
    assert.equal(r, undefined);
    const status = a.lastPosted('training', 'status') as { state: string; message: string };
    assert.equal(status.state, 'failed');
    assert.match(status.message, /diverged at step \d+.*lower learning rate/);
  }, 120000);

  test('Open Pretrained Model on a tiny GPT-2 folder → listed, model card shows its config', async () => {
    const a = await api();
    gpt2Dir = writeFolder(path.join(tmpDir('ext-gpt2'), 'gpt2-tiny'), hfConfigJson(TINY), weightsFile(tinyWeights(TINY)));
    const card = (await vscode.commands.executeCommand('modelLens.openPretrainedModel', gpt2Dir)) as Card | undefined;
    assert.ok(card, 'the folder loaded');
    assert.equal(card.config.nLayers, TINY.nLayer);
    assert.equal(card.config.vocabSize, TINY.vocab);
    const folders = vscode.workspace.getConfiguration('modelLens').get<string[]>('modelFolders', []);
    assert.ok(folders.includes(path.resolve(gpt2Dir)), `setting lists it: ${folders.join(', ')}`);
    const nodes = await treeNodes((ns) => ns.some((n) => n.id === path.resolve(gpt2Dir)), 'tree lists the GPT-2 folder');
    assert.match(nodes.find((n) => n.id === path.resolve(gpt2Dir))!.description!, /^16-d · 2 layers · 2 heads · ctx 32 · [\d.]+k params · GPT-2 folder$/);

    a.services.posted.delete('modelCard:card');
    await vscode.commands.executeCommand('modelLens.showModelCard', gpt2Dir);
    const shown = await waitFor('model card drawn', () => a.lastPosted('modelCard', 'card') as { modelId: string; card: Card } | undefined);
    assert.equal(shown.card.config.dModel, TINY.nEmbd);
    assert.equal(shown.card.config.nHeads, TINY.nHead);
    const d = TINY.nEmbd;
    assert.equal(shown.card.params.byCategory.attnQ, TINY.nLayer * (d * d + d));
    assert.equal(shown.card.params.byCategory.tokenEmbedding, TINY.vocab * d);
    assert.equal(shown.card.params.byCategory.positionEmbedding, TINY.nPositions * d);

    // a folder without weights: the message names what is missing
    const bad = writeFolder(path.join(tmpDir('ext-gpt2-bad'), 'no-weights'), hfConfigJson(TINY), new Uint8Array(0));
    fs.rmSync(path.join(bad, 'model.safetensors'));
    const before = vscode.workspace.getConfiguration('modelLens').get<string[]>('modelFolders', []).length;
    assert.equal(await vscode.commands.executeCommand('modelLens.openPretrainedModel', bad), undefined);
    assert.equal(vscode.workspace.getConfiguration('modelLens').get<string[]>('modelFolders', []).length, before, 'a bad folder is not added');
  }, 120000);

  test('Use for Predictions → Predict Next Token on a selection returns the GPT-2 folder\'s candidates', async () => {
    const a = await api();
    assert.ok(gpt2Dir, 'the previous test opened the folder');
    await vscode.commands.executeCommand('modelLens.useLanguageModel', gpt2Dir);
    assert.equal(vscode.workspace.getConfiguration('modelLens').get('languageModel'), gpt2Dir);
    try {
      // digits and signs stay single GPT-2 byte tokens (ids < 256), inside the tiny vocabulary
      const doc = await vscode.workspace.openTextDocument({ content: '1+2=3' });
      const ed = await vscode.window.showTextDocument(doc);
      ed.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(5));
      a.services.posted.delete('nextToken:prediction');
      await vscode.commands.executeCommand('modelLens.predictNextToken');
      const p = await waitFor('prediction from the GPT-2 folder', () => a.lastPosted('nextToken', 'prediction') as { model: string; vocabSize: number; tokens: string[]; candidates: { id: number; logit: number }[] } | undefined, 60000);
      assert.equal(p.model, gpt2Dir);
      assert.equal(p.vocabSize, TINY.vocab);
      assert.deepEqual(p.tokens, ['1', '+', '2', '=', '3']);
      const direct = await a.services.engine.request(lmPredictRequest, { modelId: gpt2Dir, text: '1+2=3', top: 5 });
      assert.deepEqual(p.candidates.slice(0, 5).map((c) => c.id), direct.candidates.map((c) => c.id));
      const ev = (await vscode.commands.executeCommand('modelLens.evaluateLanguageModel', gpt2Dir, doc.uri)) as { perplexity: number; bitsPerToken: number; tokens: number } | undefined;
      assert.ok(ev && ev.tokens === 4 && ev.perplexity > 1 && Math.abs(ev.bitsPerToken - Math.log2(ev.perplexity)) < 1e-9, JSON.stringify(ev));
    } finally {
      await setLanguageModel(undefined);
      await vscode.commands.executeCommand('modelLens.removeModelFolder', gpt2Dir);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  }, 120000);
});
