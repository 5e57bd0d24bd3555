// Bidirectional models inside a real VS Code with the embedded encoder: Predict Masked Word from a selected word and
// from typed [MASK]s, the message when there is nothing to predict, and attention without a causal mask.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { api, openAndSelect, tabLabels, waitFor } from './util';

type FillMask = { tokens: string[]; masks: { position: number; candidates: { token: string; prob: number }[] }[]; notes: string[]; model: string };

suite('bidirectional models', () => {
  test('Predict Masked Word: a selected word is hidden and ranked candidates come back with probabilities', async () => {
    const a = await api();
    a.services.posted.delete('fillMask:fillMask');
    const ed = await openAndSelect('attention.txt', 'street');
    // select only the first "street"
    const line = ed.document.lineAt(0).text;
    const at = line.indexOf('street');
    ed.selection = new vscode.Selection(new vscode.Position(0, at), new vscode.Position(0, at + 6));
    await vscode.commands.executeCommand('modelLens.predictMaskedWord');
    await waitFor('fill-mask tab', () => tabLabels().includes('Model Lens: Masked Word'));
    const r = await waitFor('fill mask', () => a.lastPosted('fillMask', 'fillMask') as FillMask | undefined, 60000);
    assert.equal(r.model, 'default-encoder');
    assert.deepEqual(r.tokens.slice(0, 9), ['[CLS]', 'the', 'animal', 'didn', "'", 't', 'cross', 'the', '[MASK]']);
    assert.equal(r.masks.length, 1);
    assert.equal(r.masks[0].position, 8);
    const probs = r.masks[0].candidates.map((c) => c.prob);
    assert.equal(probs.length, 10);
    assert.ok(probs.every((p, i) => p > 0 && p <= 1 && (i === 0 || p <= probs[i - 1])), `sorted probabilities ${probs}`);
    assert.match(r.notes[0], /“street” hidden as \[MASK\] in its line/);
  }, 90000);

  test('Predict Masked Word: several typed [MASK]s at once; no [MASK] gives the hint', async () => {
    const a = await api();
    a.services.posted.delete('fillMask:fillMask');
    await vscode.commands.executeCommand('modelLens.predictMaskedWord', 'The [MASK] of the United [MASK].');
    const r = await waitFor('two masks', () => a.lastPosted('fillMask', 'fillMask') as FillMask | undefined, 60000);
    assert.deepEqual(r.masks.map((m) => m.position), [2, 6]);
    const ed = await openAndSelect('attention.txt', 'I went to the bank');
    ed.selection = new vscode.Selection(ed.selection.active, ed.selection.active);
    const errors: string[] = [];
    const win = vscode.window as unknown as { showErrorMessage: (...a: unknown[]) => Thenable<unknown> };
    const orig = win.showErrorMessage;
    win.showErrorMessage = (...args: unknown[]) => {
      errors.push(String(args[0]));
      return Promise.resolve(undefined);
    };
    try {
      assert.equal(await vscode.commands.executeCommand('modelLens.predictMaskedWord'), undefined);
    } finally {
      win.showErrorMessage = orig;
    }
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^Model Lens: Nothing to predict: type \[MASK\] where a word is missing/);
  }, 90000);

  test('Show Attention (Bidirectional Model) posts full rows with [CLS]/[SEP] and causal false', async () => {
    const a = await api();
    a.services.posted.delete('attention:attention');
    await openAndSelect('attention.txt', "The animal didn't cross the street because it was too wide.");
    await vscode.commands.executeCommand('modelLens.showAttentionBidirectional');
    type Att = { tokens: string[]; attention: number[][][][]; causal?: boolean; model: string };
    const m = await waitFor('attention', () => a.lastPosted('attention', 'attention') as Att | undefined, 60000);
    assert.equal(m.model, 'default-encoder');
    assert.equal(m.causal, false);
    assert.equal(m.tokens[0], '[CLS]');
    assert.equal(m.tokens.at(-1), '[SEP]');
    const it = m.tokens.indexOf('it');
    const row = m.attention[0][0][it];
    assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-3);
    assert.ok(row.slice(it + 1).reduce((s, v) => s + v, 0) > 1e-3, '"it" attends to words after it');
    // plain Show Attention goes back to the causal model of the setting
    a.services.posted.delete('attention:attention');
    await vscode.commands.executeCommand('modelLens.showAttention');
    const back = await waitFor('causal again', () => a.lastPosted('attention', 'attention') as Att | undefined, 60000);
    assert.notEqual(back.causal, false);
  }, 120000);
});
