// Word embeddings inside a real VS Code: the projector gets real GloVe coordinates from the engine,
// neighbours under three metrics, king − man + woman → queen in the Analogy panel, and a tiny training
// run whose model appears in the Models view, answers neighbour queries, and can be renamed and deleted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { api, sampleUri, tabLabels, waitFor } from './util';

interface Points {
  words: string[];
  coords: number[];
  dims: number;
  method: string;
}
type Scored = { word: string; score: number }[];

suite('embeddings', () => {
  test('Open Embedding Projector draws the top 5000 GloVe words with PCA coordinates from the engine', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showProjector');
    await waitFor('projector tab', () => tabLabels().includes('Embedding Projector'));
    const p = await waitFor('points posted', () => a.lastPosted('projector', 'points') as Points | undefined, 60000);
    assert.equal(p.method, 'pca');
    assert.equal(p.dims, 2);
    assert.equal(p.words.length, 5000);
    assert.equal(p.coords.length, 10000);
    assert.ok(p.words.slice(0, 20).includes('the'));
    assert.ok(p.coords.every(Number.isFinite));
    const spread = Math.max(...p.coords) - Math.min(...p.coords);
    assert.ok(spread > 0.1, `coordinates spread ${spread}`);
  }, 90000);

  test('Show in Projector selects the word and lists its neighbours (queen → king)', async () => {
    const a = await api();
    a.services.posted.delete('projector:neighbors');
    await vscode.commands.executeCommand('modelLens.showInProjector', 'queen');
    const h = (await waitFor('highlight', () => a.lastPosted('projector', 'highlight'))) as { focus: string };
    assert.equal(h.focus, 'queen');
    const n = await waitFor('neighbours posted', () => a.lastPosted('projector', 'neighbors') as { word: string; results: { cosine: Scored } } | undefined);
    assert.equal(n.word, 'queen');
    assert.ok(n.results.cosine.slice(0, 5).some((r) => r.word === 'king' || r.word === 'princess'), JSON.stringify(n.results.cosine));
  });

  test('Show Nearest Neighbours compares cosine, dot and Euclidean', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showNeighbors', 'france');
    const n = await waitFor('neighbours', () => {
      const m = a.lastPosted('neighbors', 'neighbors') as { word: string; results: Record<string, Scored> } | undefined;
      return m?.word === 'france' ? m : undefined;
    });
    assert.deepEqual(Object.keys(n.results).sort(), ['cosine', 'dot', 'euclidean']);
    assert.equal(n.results.cosine.length, 10);
    assert.ok(n.results.cosine.some((r) => ['germany', 'french', 'belgium', 'spain'].includes(r.word)), JSON.stringify(n.results.cosine));
  });

  test('Analogy: king − man + woman gives queen at rank 1 (3CosAdd and 3CosMul)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showAnalogy', { a: 'king', b: 'man', c: 'woman' });
    await waitFor('analogy tab', () => tabLabels().includes('Analogy'));
    const r = await waitFor('analogy posted', () => {
      const m = a.lastPosted('analogy', 'analogy') as { a: string; cosadd: Scored; cosmul: Scored; vectors: { word: string }[] } | undefined;
      return m?.a === 'king' ? m : undefined;
    });
    assert.equal(r.cosadd[0].word, 'queen');
    assert.equal(r.cosmul[0].word, 'queen');
    assert.equal(r.cosadd.length, 10);
    assert.ok(!r.cosadd.some((x) => ['king', 'man', 'woman'].includes(x.word)), 'input words are excluded');
    assert.deepEqual(r.vectors.slice(0, 4).map((v) => v.word), ['king', 'man', 'woman', 'queen']);
    const ex = a.lastPosted('analogy', 'examples') as { examples: { a: string }[] };
    assert.deepEqual(ex.examples.map((e) => e.a), ['king', 'italy', 'pizza', 'walking']);
  });

  test('Analogy: an unknown word shows the engine message with suggested spellings', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showAnalogy', { a: 'kign', b: 'man', c: 'woman' });
    const e = await waitFor('error posted', () => {
      const m = a.lastPosted('analogy', 'error') as { message: string } | undefined;
      return m?.message.includes('kign') ? m : undefined;
    });
    assert.match(e.message, /"kign" is not in the vocabulary \(did you mean: \w+/);
  });

  test('a tiny training run: Training panel curve, model in the tree, neighbours, projector, analogy, rename, delete', async () => {
    const a = await api();
    const corpus = sampleUri('moby-dick.txt').fsPath;
    const r = (await vscode.commands.executeCommand('modelLens.trainEmbeddings', {
      corpus,
      method: 'sgns',
      config: { dim: 16, window: 3, epochs: 3, minCount: 1 },
      name: 'tiny-moby',
    })) as { out: string; model: { id: string; words: number; dim: number } } | undefined;
    assert.ok(r, 'training returned a result');
    assert.equal(r.model.dim, 16);
    assert.ok(r.model.words > 20, `${r.model.words} words`);
    const status = a.lastPosted('training', 'status') as { state: string; message: string };
    assert.equal(status.state, 'done', status.message);
    const drawn = a.services.posted.get('training:history') as { step: number; loss: number }[];
    assert.ok(drawn.length >= 1 && drawn.every((d) => Number.isFinite(d.loss)), 'loss points were drawn');
    // the Models view lists it
    await vscode.commands.executeCommand('workbench.view.extension.modelLens');
    await vscode.commands.executeCommand('modelLens.refreshModels');
    const nodes = await waitFor('tree lists tiny-moby', () => {
      const ns = a.services.posted.get('models:tree') as { kind: string; model?: { id: string; label: string } }[] | undefined;
      return ns?.some((n) => n.model?.label === 'tiny-moby') ? ns : undefined;
    });
    assert.ok(nodes.some((n) => n.model?.id === 'glove-default'));
    assert.ok(nodes.some((n) => n.kind === 'lm'));
    // open it: the projector and the neighbours now use the trained model
    await vscode.commands.executeCommand('modelLens.openModel', r.model.id);
    await vscode.commands.executeCommand('modelLens.showNeighbors', 'whale');
    const n = await waitFor('neighbours of whale', () => {
      const m = a.lastPosted('neighbors', 'neighbors') as { word: string; modelLabel: string; results: { cosine: Scored } } | undefined;
      return m?.word === 'whale' ? m : undefined;
    });
    assert.match(n.modelLabel, /tiny-moby/);
    assert.equal(n.results.cosine.length, 10);
    const p = await waitFor('projector shows the trained model', () => {
      const m = a.lastPosted('projector', 'points') as (Points & { model: string }) | undefined;
      return m?.model === r.model.id ? m : undefined;
    }, 60000);
    assert.equal(p.words.length, r.model.words);
    // and the Analogy panel answers from the trained vectors (words of Moby Dick, not GloVe's)
    await vscode.commands.executeCommand('modelLens.showAnalogy', { a: 'captain', b: 'ship', c: 'whale' });
    const an = await waitFor('analogy on the trained model', () => {
      const m = a.lastPosted('analogy', 'analogy') as { a: string; modelLabel: string; cosadd: Scored; cosmul: Scored } | undefined;
      return m?.a === 'captain' ? m : undefined;
    });
    assert.match(an.modelLabel, /tiny-moby/);
    assert.equal(an.cosadd.length, 10);
    assert.ok(an.cosadd.every((x) => Number.isFinite(x.score) && !['captain', 'ship', 'whale'].includes(x.word)));
    // rename, then delete (confirmed)
    const renamed = (await vscode.commands.executeCommand('modelLens.renameModel', r.model.id, 'tiny-moby-2')) as string;
    assert.match(renamed, /tiny-moby-2$/);
    assert.equal(await vscode.commands.executeCommand('modelLens.deleteModel', renamed, true), true);
    await vscode.commands.executeCommand('modelLens.openModel', 'glove-default');
    await waitFor('tree no longer lists it', () => {
      const ns = a.services.posted.get('models:tree') as { model?: { label: string } }[] | undefined;
      return ns && !ns.some((x) => x.model?.label.startsWith('tiny-moby'));
    });
  }, 180000);
});
