// Language-model views inside a real VS Code with the embedded default model: Predict Next Token,
// the Attention view and token-probability painting carry real numbers from the engine.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lmPredictRequest, lmTrainRequest } from '../../src/protocol/lm';
import { suite, test } from './runner';
import { api, openAndSelect, sampleUri, tabLabels, waitFor } from './util';

type Prediction = { candidates: { id: number; token: string; logit: number }[]; tokens: string[]; appended: string[]; note?: string; truncated?: unknown };
const softmax = (l: number[]) => {
  const m = Math.max(...l);
  const e = l.map((x) => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
};

suite('lm views', () => {
  test('a language model is available (the default one, else a tiny one trained here)', async () => {
    const a = await api();
    try {
      await a.services.engine.request(lmPredictRequest, { modelId: 'subword-lm', text: 'Call me' });
    } catch {
      // the embedded models are built separately (npm run train:subword-lm): train a small stand-in
      const out = path.join(os.tmpdir(), `ml-lm-views-${process.pid}`);
      const text = fs.readFileSync(sampleUri('moby-dick.txt').fsPath, 'utf8').slice(0, 20000);
      await a.services.engine.request(lmTrainRequest, { text, tokenizer: 'char', preset: 'pico', outDir: out, options: { steps: 20 } });
      await vscode.workspace.getConfiguration('modelLens').update('languageModel', out, vscode.ConfigurationTarget.Global);
    }
  }, 120000);

  test('Predict Next Token posts the default model\'s candidates for the selection', async () => {
    const a = await api();
    a.services.posted.delete('nextToken:prediction');
    await openAndSelect('moby-dick.txt', 'Call me Ishmael. Some years ago');
    await vscode.commands.executeCommand('modelLens.predictNextToken');
    await waitFor('next-token tab', () => tabLabels().includes('Model Lens: Next Token'));
    const p = await waitFor('prediction', () => a.lastPosted('nextToken', 'prediction') as Prediction | undefined, 60000);
    assert.ok(p.candidates.length >= 10, `${p.candidates.length} candidates`);
    assert.ok(p.candidates.every((c) => Number.isFinite(c.logit)));
    for (let i = 1; i < p.candidates.length; i++) assert.ok(p.candidates[i - 1].logit >= p.candidates[i].logit, 'sorted by logit');
    const probs = softmax(p.candidates.map((c) => c.logit));
    assert.ok(Math.abs(probs.reduce((x, y) => x + y, 0) - 1) < 1e-9);
    assert.ok(probs[0] > 0.01 && probs[0] <= 1);
    assert.equal(p.tokens.join('').endsWith('ago'), true, p.tokens.slice(-5).join('|'));
    assert.equal(p.truncated, undefined);
  }, 90000);

  test('a long selection is cut to the context with a note; an empty one uses the line', async () => {
    const a = await api();
    const ed = await openAndSelect('moby-dick.txt');
    const doc = ed.document;
    ed.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(Math.min(doc.getText().length, 3000)));
    a.services.posted.delete('nextToken:prediction');
    await vscode.commands.executeCommand('modelLens.predictNextToken');
    const long = await waitFor('long prediction', () => a.lastPosted('nextToken', 'prediction') as Prediction | undefined, 60000);
    assert.ok(long.truncated, 'truncated');
    // the command reads the active editor: make sure it is this one again (the panel opened beside it)
    const again = await vscode.window.showTextDocument(doc, { viewColumn: ed.viewColumn, preserveFocus: false });
    again.selection = new vscode.Selection(new vscode.Position(0, 5), new vscode.Position(0, 5));
    a.services.posted.delete('nextToken:prediction');
    await vscode.commands.executeCommand('modelLens.predictNextToken');
    const line = await waitFor('line prediction', () => a.lastPosted('nextToken', 'prediction') as Prediction | undefined, 60000);
    assert.match(line.note ?? '', /using line 1/);
  }, 90000);

  test('Show Attention draws causal attention rows that sum to 1', async () => {
    const a = await api();
    a.services.posted.delete('attention:attention');
    await openAndSelect('attention.txt', "The animal didn't cross the street because it was too tired.");
    await vscode.commands.executeCommand('modelLens.showAttention');
    type Att = { tokens: string[]; attention: number[][][][]; layer: number; head: number };
    const m = await waitFor('attention posted', () => a.lastPosted('attention', 'attention') as Att | undefined, 60000);
    const n = m.tokens.length;
    assert.ok(n > 5 && m.attention.length >= 1 && m.attention[0].length >= 1);
    for (const layer of m.attention)
      for (const head of layer) {
        assert.equal(head.length, n);
        head.forEach((row, q) => {
          assert.ok(Math.abs(row.reduce((x, y) => x + y, 0) - 1) < 1e-3, `row ${q} sums to 1`);
          for (let k = q + 1; k < n; k++) assert.ok(row[k] < 1e-6, `masked ${q},${k}`);
        });
      }
    assert.equal(m.layer, m.attention.length - 1, 'opens on the last layer');
  }, 90000);

  test('the Attention view follows the selection (debounced)', async () => {
    const a = await api();
    const ed = await openAndSelect('attention.txt', 'I went to the bank to deposit my money.');
    await waitFor('follows', () => {
      const m = a.lastPosted('attention', 'attention') as { tokens: string[] } | undefined;
      return m && m.tokens.join('').includes('deposit') ? m : undefined;
    }, 60000);
    void ed;
  }, 90000);

  test('Show Token Probabilities paints every token with p, rank and alternatives; Clear removes it', async () => {
    const a = await api();
    await openAndSelect('moby-dick.txt', 'Call me Ishmael.');
    const tokens = (await vscode.commands.executeCommand('modelLens.showTokenProbabilities')) as
      | { prob: number | null; rank: number | null; alternatives: { prob: number }[]; start: number; end: number }[]
      | undefined;
    assert.ok(tokens && tokens.length >= 3);
    assert.equal(tokens[0].prob, null);
    for (const t of tokens.slice(1)) {
      assert.ok(t.prob! > 0 && t.prob! <= 1 && t.rank! >= 1);
      assert.ok(t.alternatives.length === 5 && t.alternatives.reduce((x, y) => x + y.prob, 0) <= 1 + 1e-6);
    }
    assert.equal(tokens.at(-1)!.end, 'Call me Ishmael.'.length);
    assert.ok(a.lastPosted('tokenProbabilities', 'painted'));
    await vscode.commands.executeCommand('modelLens.clearTokenProbabilities');
    assert.equal(a.lastPosted('tokenProbabilities', 'painted'), undefined);
  }, 90000);
});
