// A Gemma 3 folder (written by the test in the Hugging Face layout, with tokenizer.json and a chat template) as a person
// uses it in a real VS Code: Open Pretrained Model…, the model card's GQA, the attention data's kv heads and sliding
// bands, and the Prompt panel rendering the chat template and generating a reply.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { lmAttentionRequest } from '../../src/protocol/lm';
import { writeTinyModern } from '../unit/pretrained/tinyModern';
import { tinyTokenizerConfig, tinyTokenizerJson } from '../unit/pretrained/tinyTokenizer';
import { suite, test } from './runner';
import { api, waitFor } from './util';

type Card = { config: { nLayers: number; nHeads: number; nKvHeads?: number }; params: { byCategory: Record<string, number> } };

suite('modern models', () => {
  test('Gemma 3 folder: open, card with kv heads, attention with kv heads and bands, Prompt panel renders and generates', async () => {
    const a = await api();
    const fx = writeTinyModern({ family: 'gemma3_text', seed: 5 });
    fs.writeFileSync(path.join(fx.dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
    fs.writeFileSync(path.join(fx.dir, 'tokenizer_config.json'), JSON.stringify(tinyTokenizerConfig()));
    const card = (await vscode.commands.executeCommand('modelLens.openPretrainedModel', fx.dir)) as Card | undefined;
    assert.ok(card, 'the Gemma 3 folder loaded');
    assert.equal(card.config.nKvHeads, 2);
    assert.equal(card.params.byCategory.attnK, 3 * 16 * 16);
    const att = await a.services.engine.request(lmAttentionRequest, { modelId: fx.dir, text: ' hello world hello' });
    assert.deepEqual(att.kvHeadOf, [0, 0, 1, 1]);
    assert.deepEqual(att.windows, [3, 3, null]);

    const cfg = vscode.workspace.getConfiguration('modelLens');
    await cfg.update('languageModel', fx.dir, vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument({ content: 'hello world' });
      const ed = await vscode.window.showTextDocument(doc);
      ed.selection = new vscode.Selection(doc.positionAt(0), doc.positionAt(11));
      a.services.posted.delete('prompt:rendered');
      await vscode.commands.executeCommand('modelLens.openPrompt');
      const r = await waitFor('the rendered prompt', () => a.lastPosted('prompt', 'rendered') as { tokens: { id: number; special: boolean }[]; templateSource: string } | undefined, 60000);
      const p = { ids: r.tokens.map((t) => t.id), special: r.tokens.map((t) => t.special), templateSource: r.templateSource };
      assert.deepEqual(p.ids, [2, 3, 21, 17, 5, 10, 18, 8, 12, 4, 3, 22]);
      assert.deepEqual(p.special, p.ids.map((i) => i <= 4));
      assert.equal(p.templateSource, 'tokenizer_config.json');
    } finally {
      await cfg.update('languageModel', undefined, vscode.ConfigurationTarget.Global);
    }
  }, 120000);
});
