// The model-internals panels inside a real VS Code with the chosen language model: each command opens its tab and
// the panel receives the engine's real numbers (logit lens, word in contexts, positional encodings, attention step).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionStepResult, ContextualResult, LogitLensResult, PositionsResult } from '../../src/protocol/lm';
import { suite, test } from './runner';
import { api, openAndSelect, tabLabels, waitFor } from './util';

suite('lm internals views', () => {
  // These checks are about characters (the last letter of "bank", the "i" of "it"): pin the character-level model,
  // since the default for predictions is the subword one, and put the person's choice back at the end.
  let chosen: string | undefined;
  test('the character-level model is chosen for these views', async () => {
    const cfg = vscode.workspace.getConfiguration('modelLens');
    chosen = cfg.inspect<string>('languageModel')?.globalValue;
    await cfg.update('languageModel', 'default-lm', vscode.ConfigurationTarget.Global);
  });

  test('Show Logit Lens posts layers × positions of top-k predictions for the selection', async () => {
    const a = await api();
    a.services.posted.delete('logitLens:logitLens');
    await openAndSelect('moby-dick.txt', 'Call me Ishmael. Some years ago');
    await vscode.commands.executeCommand('modelLens.showLogitLens');
    await waitFor('logit-lens tab', () => tabLabels().includes('Model Lens: Logit Lens'));
    const m = await waitFor('logit lens', () => a.lastPosted('logitLens', 'logitLens') as LogitLensResult | undefined, 60000);
    assert.equal(m.tokens.join('').replace(/␣/g, ' '), 'Call me Ishmael. Some years ago');
    assert.equal(m.top.length, m.layers.length);
    assert.equal(m.layers[0], 'embed');
    for (const row of m.top) {
      assert.equal(row.length, m.tokens.length);
      for (const top of row) {
        assert.equal(top.length, 5);
        for (let i = 1; i < top.length; i++) assert.ok(top[i - 1].prob >= top[i].prob);
        assert.ok(top[0].prob > 0 && top[0].prob <= 1);
      }
    }
    // the last layer of a trained model predicts the actual next character often
    const last = m.top.length - 1;
    const hits = m.top[last].slice(0, -1).filter((t, i) => t[0].id === m.ids[i + 1]).length;
    assert.ok(hits >= 5, `${hits} top-1 hits in the last layer`);
  }, 90000);

  test('Compare Word in Contexts (preset “bank”) posts one trajectory per context through every layer', async () => {
    const a = await api();
    a.services.posted.delete('contextual:contextual');
    await vscode.commands.executeCommand('modelLens.compareWordInContexts', { preset: 0 });
    const m = await waitFor('contextual', () => a.lastPosted('contextual', 'contextual') as ContextualResult | undefined, 60000);
    assert.equal(m.word, 'bank');
    assert.equal(m.contexts.length, 4);
    for (const c of m.contexts) {
      assert.equal(c.points.length, m.layers.length);
      assert.ok(c.points.flat().every(Number.isFinite));
      assert.equal(c.tokens[c.position], 'k');
    }
    assert.ok(m.meanCosine[m.meanCosine.length - 1] < 1, 'the contexts pull the states apart');
    // “it” in the animal/street sentences: identical up to “it”, so a causal model cannot tell them apart
    a.services.posted.delete('contextual:contextual');
    await vscode.commands.executeCommand('modelLens.compareWordInContexts', { preset: 1 });
    const it = await waitFor('contextual it', () => a.lastPosted('contextual', 'contextual') as ContextualResult | undefined, 60000);
    assert.deepEqual(it.identical, [[0, 1]]);
  }, 90000);

  test('Show Positional Encodings posts the position vectors and a symmetric similarity with ones on the diagonal', async () => {
    const a = await api();
    a.services.posted.delete('positions:positions');
    await vscode.commands.executeCommand('modelLens.showPositionalEncodings');
    const m = await waitFor('positions', () => a.lastPosted('positions', 'positions') as PositionsResult | undefined, 60000);
    assert.ok(['learned', 'sinusoidal', 'rope'].includes(m.kind));
    assert.equal(m.matrix.length, m.positions);
    assert.equal(m.similarity.length, m.positions);
    m.similarity.forEach((row, i) => {
      assert.ok(Math.abs(row[i] - 1) < 1e-6);
      assert.ok(Math.abs(row[0] - m.similarity[0][i]) < 1e-9);
    });
    assert.ok(m.matrix.flat().some((x) => x !== 0));
  }, 90000);

  test('Explain Attention for Token: the token under the cursor, softmax of the scaled scores matches the model', async () => {
    const a = await api();
    a.services.posted.delete('attentionStep:attentionStep');
    const ed = await openAndSelect('attention.txt', "The animal didn't cross the street because it was too tired.");
    const doc = ed.document;
    const start = doc.offsetAt(ed.selection.start);
    const itAt = start + "The animal didn't cross the street because ".length;
    // selection from the start of the sentence through the “i” of “it”: the cursor sits just after “i”
    ed.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(itAt + 1));
    await vscode.commands.executeCommand('modelLens.explainAttention');
    const m = await waitFor('attention step', () => a.lastPosted('attentionStep', 'attentionStep') as AttentionStepResult | undefined, 60000);
    assert.equal(m.tokens[m.query], 'i');
    assert.ok(Math.abs(m.probs.reduce((x, y) => x + y, 0) - 1) < 1e-9);
    assert.ok(m.keys.slice(m.query + 1).every((k) => k.masked && k.prob === 0));
    assert.ok(m.maxAbsDiff < 1e-4, `recomputed vs cached ${m.maxAbsDiff}`);
    assert.ok(Math.abs(m.scale - 1 / Math.sqrt(m.dHead)) < 1e-12);
  }, 90000);

  test('the earlier language-model choice is restored', async () => {
    await vscode.workspace.getConfiguration('modelLens').update('languageModel', chosen, vscode.ConfigurationTarget.Global);
  });
});
