// Recurrent and seq2seq features in a real VS Code: train an LSTM on the "hello" preset through Train Language Model,
// predict with it, open Look Inside an RNN and its model card; train the three seq2seq variants and open the alignment.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmPredictRequest } from '../../src/protocol/lm';
import { suite, test } from './runner';
import { api, openAndSelect, waitFor } from './util';

type TrainResult = { outDir: string; steps: number; finalLoss?: number; name: string };
type States = { arch: string; tokens: string[]; layers: { hidden: number[][]; gates: Record<string, number[][]> }[]; gradThroughTime: number[]; trainingTraces: { step: number; norms: number[] }[] };
type S2S = { arch: string; outDir: string; accuracy: { length: number; accuracy: number }[] };

suite('recurrent models and seq2seq', () => {
  let lstmDir = '';
  test('Train Language Model (LSTM, hello preset) → near-zero loss; predicts "l" after "hel"; Inside an RNN draws states, gates and gradients', async () => {
    const a = await api();
    const name = `lstm-hello-${process.pid}`;
    const r = (await vscode.commands.executeCommand('modelLens.trainLanguageModel', { corpus: 'hello', tokenizer: 'char', preset: 'femto', arch: 'lstm', rnnPreset: 'hello', steps: 300, name })) as TrainResult | undefined;
    assert.ok(r, 'training returned a result');
    assert.equal(r.steps, 300);
    assert.ok(r.finalLoss! < 0.05, `final loss ${r.finalLoss}`);
    lstmDir = r.outDir;
    const p = await a.services.engine.request(lmPredictRequest, { modelId: lstmDir, text: 'hel' });
    assert.equal(p.candidates[0].token, 'l');

    await openAndSelect('hello.txt', 'hello');
    const m = (await vscode.commands.executeCommand('modelLens.showInsideRnn', { modelId: lstmDir })) as { type: string } & States;
    assert.equal(m?.type, 'states');
    assert.equal(m.arch, 'lstm');
    assert.deepEqual(m.tokens, ['e', 'l', 'l', 'o']); // the window of 4: the last four characters of "hello"
    assert.deepEqual(Object.keys(m.layers[0].gates).sort(), ['forget', 'input', 'output']);
    assert.equal(m.layers[0].hidden.length, 4);
    assert.equal(m.gradThroughTime.length, 3);
    assert.ok(m.trainingTraces.length > 0 && m.trainingTraces.every((t) => t.norms.every(Number.isFinite)), 'gradient traces recorded while training');
    assert.equal((a.lastPosted('insideRnn', 'states') as States).tokens.length, 4);

    await vscode.commands.executeCommand('modelLens.showModelCard', lstmDir);
    const card = await waitFor('the model card of the LSTM', () => a.lastPosted('modelCard', 'card') as { card: { family?: string; config: { arch: string } } } | undefined);
    assert.equal(card.card.family, 'recurrent');
    assert.equal(card.card.config.arch, 'lstm');
  }, 120000);

  test('Train Sequence to Sequence (all three, reverse) → accuracy per length for each; Show Seq2Seq Alignment: rows sum to 1', async () => {
    const a = await api();
    const rs = (await vscode.commands.executeCommand('modelLens.trainSeq2Seq', { task: 'reverse', archs: ['rnn', 'rnn-attention', 'transformer'], steps: 60, maxLength: 5, dHidden: 24 })) as S2S[];
    assert.deepEqual(rs.map((r) => r.arch), ['rnn', 'rnn-attention', 'transformer']);
    for (const r of rs) assert.deepEqual(r.accuracy.map((x) => x.length), [1, 2, 3, 4, 5]);
    const setup = await waitFor('the accuracy chart data', () => a.lastPosted('seq2seq', 'seq2seq') as { variants: S2S[] } | undefined);
    assert.equal(setup.variants.length, 3);
    const tr = await waitFor('a translation', () => a.lastPosted('seq2seq', 'translation') as { arch: string; alignment: number[][] | null; input: string[] } | undefined);
    assert.equal(tr.arch, 'transformer');
    assert.deepEqual(tr.input, ['a', 'b', 'c', 'd', 'e', 'f']); // the task's example
    // 60 steps: the output may still be short; whatever it is, each row is a distribution over the 6 inputs
    assert.ok(Array.isArray(tr.alignment));
    for (const row of tr.alignment!) {
      assert.equal(row.length, 6);
      assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-4);
    }
    const att = (await vscode.commands.executeCommand('modelLens.showSeq2Seq', { task: 'reverse', dir: rs[1].outDir, text: 'a b c' })) as { arch: string; alignment: number[][] };
    assert.equal(att.arch, 'rnn-attention');
    assert.ok(Array.isArray(att.alignment));
    for (const row of att.alignment) assert.equal(row.length, 3);
    // a fixed-context model has no alignment to show
    const fixed = (await vscode.commands.executeCommand('modelLens.showSeq2Seq', { task: 'reverse', dir: rs[0].outDir, text: 'a b c' })) as { arch: string; alignment: number[][] | null };
    assert.equal(fixed.arch, 'rnn');
    assert.equal(fixed.alignment, null);
    assert.equal(path.basename(rs[1].outDir), 'reverse-rnn-attention');
    assert.ok(fs.existsSync(path.join(rs[0].outDir, 'manifest.json')));
    // the Models view lists the three with their architecture and exact-match accuracy at the longest length
    await vscode.commands.executeCommand('workbench.view.extension.modelLens');
    await vscode.commands.executeCommand('modelLens.refreshModels');
    const rows = await waitFor('seq2seq rows in the Models view', () => {
      const ns = a.services.posted.get('models:tree') as { kind: string; label?: string; summary?: { arch?: string; accuracy?: { length: number }[] } }[] | undefined;
      const s2s = ns?.filter((n) => n.kind === 'seq2seq');
      return s2s && s2s.length === 3 ? s2s : undefined;
    });
    assert.deepEqual(rows.map((r) => r.label), ['reverse-rnn', 'reverse-rnn-attention', 'reverse-transformer']);
    assert.deepEqual(rows.map((r) => r.summary?.arch), ['rnn', 'rnn-attention', 'transformer']);
    assert.equal(rows[1].summary?.accuracy?.at(-1)?.length, 5);
  }, 180000);
});
