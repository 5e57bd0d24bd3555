// The Get Started walkthrough's buttons in a real VS Code: each one opens its sample and its panel,
// and the panel receives what a person would see drawn.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { api, waitFor } from './util';

suite('walkthrough', () => {
  test('the walkthrough is contributed and Get Started opens it', async () => {
    const ext = vscode.extensions.getExtension('model-lens.model-lens')!;
    const w = (ext.packageJSON.contributes.walkthroughs as { id: string; steps: unknown[] }[]).find((x) => x.id === 'modelLens.gettingStarted');
    assert.equal(w?.steps.length, 5);
    await vscode.commands.executeCommand('modelLens.openWalkthrough');
    await waitFor('the walkthrough tab', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /Model Lens|Welcome|Walkthrough/i.test(t.label))), 15000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Predict next token: the sample line, its prediction drawn', async () => {
    const a = await api();
    a.services.posted.delete('nextToken:prediction');
    await vscode.commands.executeCommand('modelLens.tryPredictNextToken');
    assert.match(vscode.window.activeTextEditor?.document.uri.path ?? '', /samples\/moby-dick\.txt$/);
    const m = await waitFor('prediction', () => a.lastPosted('nextToken', 'prediction') as { contextText: string; candidates: unknown[] } | undefined, 60000);
    assert.equal(m.contextText, 'It is a way I have of driving off the spleen');
    assert.ok(m.candidates.length > 10);
    // the panel opens fast because it loads only its own script: no Plotly, no web-components bundle
    const html = await waitFor('next-token html', () => a.services.posted.get('nextToken:html') as string | undefined);
    assert.doesNotMatch(html, /plotly\.min\.js|elements\.js/);
  }, 90000);

  test('Attention: the whole sample sentence in the Attention view', async () => {
    const a = await api();
    a.services.posted.delete('attention:attention');
    await vscode.commands.executeCommand('modelLens.tryShowAttention');
    const m = await waitFor('attention', () => a.lastPosted('attention', 'attention') as { tokens: string[]; text?: string } | undefined, 60000);
    assert.equal(m.text, "The animal didn't cross the street because it was too tired.");
    assert.ok(m.tokens.length >= 10);
    const html = await waitFor('attention html', () => a.services.posted.get('attention:html') as string | undefined);
    assert.doesNotMatch(html, /plotly\.min\.js|elements\.js/);
  }, 90000);

  test('Analogy: king − man + woman solved', async () => {
    const a = await api();
    a.services.posted.delete('analogy:analogy');
    await vscode.commands.executeCommand('modelLens.tryAnalogy');
    const m = await waitFor('analogy', () => a.lastPosted('analogy', 'analogy') as { a: string; cosadd: { word: string }[] } | undefined, 60000);
    assert.equal(m.a, 'king');
    assert.equal(m.cosadd[0].word, 'queen');
  }, 90000);

  test('Projector: GloVe words projected', async () => {
    const a = await api();
    // a projector left open by another suite would only be revealed: start from a fresh one
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    a.services.posted.delete('projector:points');
    await vscode.commands.executeCommand('modelLens.tryProjector');
    const m = await waitFor('points', () => a.lastPosted('projector', 'points') as { words: string[] } | undefined, 90000);
    assert.ok(m.words.length >= 100);
  }, 120000);

  test('Train a tiny model: a femto GPT on Moby Dick trains (a few steps here)', async () => {
    const r = (await vscode.commands.executeCommand('modelLens.tryTrainTinyModel', { steps: 3, name: `walkthrough-tiny-${Date.now()}` })) as { steps: number; finalLoss: number } | undefined;
    assert.equal(r?.steps, 3);
    assert.ok(Number.isFinite(r?.finalLoss));
    const a = await api();
    const status = a.lastPosted('training', 'status') as { state: string; message: string };
    assert.equal(status.state, 'done', status.message);
  }, 180000);
});
