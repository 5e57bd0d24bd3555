// Evaluate Embeddings, Open Word Vectors and the neighbour hover inside a real VS Code: the default
// GloVe on a small analogy file gives the accuracy and coverage worked out by hand below; a word2vec
// text file written here is imported, listed in the Models view and answers neighbour queries; a
// malformed file gets the engine's message naming the line; the hover lists a word's neighbours.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { api, tabLabels, waitFor } from './util';

type Scored = { word: string; score: number }[];
interface Section {
  section: string;
  total: number;
  answered: number;
  correct: number;
  accuracy: number;
}
interface Report {
  model: string;
  topN: number;
  analogy: { total: number; answered: number; correct: number; accuracy: number; coverage: number; sections: Section[] };
  similarity: { pairs: number; found: number; coverage: number; spearman: number }[];
}
interface TreeNode {
  kind: string;
  model?: { id: string; label: string; method: string; words: number; dim: number };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-eval-'));
function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

// b − a + c ≈ d. By hand: family 2/2 (queen, mother), capitals 2/2 (france, japan); "made-up" has one
// question in the vocabulary whose expected answer is wrong on purpose (the answer is queen, not
// banana) and one with an unknown word (not answered). 6 questions, 5 answered, 4 correct:
// accuracy 4/5 = 0.8, coverage 5/6.
const ANALOGIES = `: family
man woman king queen
man woman father mother
: capital-common-countries
Athens Greece Paris France
Berlin Germany Tokyo Japan
: made-up
man woman king banana
man woman zzqxv queen
`;

// alpha ≈ beta, gamma ≈ delta, epsilon apart; zeta close to epsilon
const W2V = `6 3
alpha 1 0.1 0
beta 0.9 0.2 0
gamma 0 1 0.1
delta 0.1 0.9 0.2
epsilon 0 0 1
zeta 0.1 0 0.9
`;

suite('embeddings evaluation', () => {
  test('Evaluate Embeddings: default GloVe on a small analogy file → accuracy 0.8, coverage 5/6, per section', async () => {
    const a = await api();
    const analogies = write('analogies.txt', ANALOGIES);
    const similarity = write('pairs.txt', 'word1 word2 score\ncat dog 8.5\ncar automobile 9.2\nking queen 7.0\ncup banana 1.2\nzzqxv cat 5\n');
    a.services.posted.delete('evaluation:progress');
    const r = (await vscode.commands.executeCommand('modelLens.evaluateEmbeddings', { model: 'glove-default', analogies, similarity: [similarity], topN: 30000 })) as Report | undefined;
    assert.ok(r, 'the command returned a report');
    await waitFor('evaluation tab', () => tabLabels().includes('Embedding Evaluation'));
    const ev = r.analogy;
    assert.equal(ev.total, 6);
    assert.equal(ev.answered, 5);
    assert.equal(ev.correct, 4);
    assert.equal(ev.accuracy, 0.8);
    assert.ok(Math.abs(ev.coverage - 5 / 6) < 1e-12, String(ev.coverage));
    assert.deepEqual(
      ev.sections.map((s) => [s.section, s.total, s.answered, s.correct, s.accuracy]),
      [
        ['family', 2, 2, 2, 1],
        ['capital-common-countries', 2, 2, 2, 1],
        ['made-up', 2, 1, 0, 0],
      ],
    );
    // 4 of the 5 pairs are in the vocabulary (zzqxv is not); related pairs score above cup/banana
    assert.equal(r.similarity.length, 1);
    assert.equal(r.similarity[0].pairs, 5);
    assert.equal(r.similarity[0].found, 4);
    assert.ok(r.similarity[0].spearman > 0 && r.similarity[0].spearman <= 1, String(r.similarity[0].spearman));
    // the panel drew the same report; the engine's progress reached the panel on the way
    const shown = a.lastPosted('evaluation', 'result') as { report: Report };
    assert.deepEqual(shown.report.analogy, r.analogy);
    const pr = a.lastPosted('evaluation', 'progress') as { message: string; fraction: number };
    assert.ok(pr && Number.isFinite(pr.fraction), JSON.stringify(pr));
  }, 120000);

  test('Evaluate Embeddings: a malformed analogy file shows the line in the panel', async () => {
    const a = await api();
    const bad = write('bad-analogies.txt', ': family\nman woman king queen\nman woman king\n');
    const r = await vscode.commands.executeCommand('modelLens.evaluateEmbeddings', { model: 'glove-default', analogies: bad });
    assert.equal(r, undefined);
    const e = a.lastPosted('evaluation', 'error') as { message: string };
    assert.match(e.message, /bad-analogies\.txt line 3: expected 4 words/);
  });

  test('Open Word Vectors: a word2vec text file → in the Models view → neighbours; vocabulary cap', async () => {
    const a = await api();
    const file = write('tiny.vec', W2V);
    const m = (await vscode.commands.executeCommand('modelLens.importVectors', { file, name: 'tiny-w2v' })) as { id: string; words: number; dim: number; method: string } | undefined;
    assert.ok(m, 'import returned the model');
    assert.equal(m.words, 6);
    assert.equal(m.dim, 3);
    assert.equal(m.method, 'imported');
    await vscode.commands.executeCommand('workbench.view.extension.modelLens');
    await vscode.commands.executeCommand('modelLens.refreshModels');
    const nodes = await waitFor('tree lists tiny-w2v', () => {
      const ns = a.services.posted.get('models:tree') as TreeNode[] | undefined;
      return ns?.some((n) => n.model?.label === 'tiny-w2v') ? ns : undefined;
    });
    assert.equal(nodes.find((n) => n.model?.label === 'tiny-w2v')?.model?.id, m.id);
    // opened in the projector, and the neighbour panels use it
    const p = await waitFor('projector shows the imported model', () => {
      const x = a.lastPosted('projector', 'points') as { model: string; words: string[] } | undefined;
      return x?.model === m.id ? x : undefined;
    }, 60000);
    assert.deepEqual([...p.words].sort(), ['alpha', 'beta', 'delta', 'epsilon', 'gamma', 'zeta']);
    await vscode.commands.executeCommand('modelLens.showNeighbors', 'alpha');
    const n = await waitFor('neighbours of alpha', () => {
      const x = a.lastPosted('neighbors', 'neighbors') as { word: string; modelLabel: string; results: { cosine: Scored } } | undefined;
      return x?.word === 'alpha' ? x : undefined;
    });
    assert.match(n.modelLabel, /tiny-w2v/);
    assert.equal(n.results.cosine[0].word, 'beta');
    assert.equal(n.results.cosine.length, 5);
    // a cap keeps the first N words; the name is made unique
    const capped = (await vscode.commands.executeCommand('modelLens.importVectors', { file, name: 'tiny-w2v', maxWords: 3, open: false })) as { id: string; words: number };
    assert.equal(capped.words, 3);
    assert.match(capped.id, /tiny-w2v-2$/);
    for (const id of [m.id, capped.id]) assert.equal(await vscode.commands.executeCommand('modelLens.deleteModel', id, true), true);
    await vscode.commands.executeCommand('modelLens.openModel', 'glove-default');
  }, 120000);

  test('Open Word Vectors: a malformed file shows the engine message naming the line; nothing is added', async () => {
    const a = await api();
    const file = write('broken.txt', 'the 0.1 0.2 0.3\nof 0.4 0.5 0.6\nand 0.7 0.8\nto 0.1 0.1 0.1\n');
    const r = await vscode.commands.executeCommand('modelLens.importVectors', { file, name: 'broken', open: false });
    assert.equal(r, undefined);
    const e = await waitFor('import error', () => a.lastPosted('importVectors', 'error') as { message: string } | undefined);
    assert.match(e.message, /broken\.txt line 3: "and" has 2 numbers, expected 3/);
    await vscode.commands.executeCommand('modelLens.refreshModels');
    await waitFor('tree refreshed without it', () => {
      const ns = a.services.posted.get('models:tree') as TreeNode[] | undefined;
      return ns && !ns.some((n) => n.model?.label === 'broken');
    });
  });

  test('hover (modelLens.embeddings.hover): top-5 GloVe neighbours of the word; nothing for unknown words', async () => {
    const cfg = vscode.workspace.getConfiguration('modelLens');
    await cfg.update('embeddings.hover', true, vscode.ConfigurationTarget.Global);
    try {
      const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'the king spoke to zzqxv\n' });
      const texts = async (col: number) => {
        const hs = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, col))) as vscode.Hover[];
        return hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
      };
      const king = await waitFor('hover on king', async () => {
        const t = (await texts(6)).filter((x) => x.includes('Nearest to'));
        return t.length ? t : undefined;
      });
      assert.match(king[0], /Nearest to “king”/);
      assert.match(king[0], /queen/);
      assert.equal((king[0].match(/^\d\. /gm) ?? []).length, 5);
      assert.deepEqual((await texts(20)).filter((x) => x.includes('Nearest to')), []);
    } finally {
      await cfg.update('embeddings.hover', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
