// "Model Lens: Show Positional Encodings": the chosen model's position vectors (learned, sinusoidal or RoPE angles)
// and the similarity between positions, from the engine's lm/positions.
import { lmPositionsRequest } from '../../protocol/lm';
import { isPlainToHost, type PlainToHost, type PositionsToWebview } from '../../protocol/webview/lmViews';
import { LmViewPanel } from '../../panels/lmViewPanel';
import type { Services } from '../../services';
import { chosenModel } from './selection';

export async function showPositionalEncodings(s: Services): Promise<PositionsToWebview | undefined> {
  const model = chosenModel();
  const view = LmViewPanel.show<PositionsToWebview, PlainToHost>(s, { id: 'modelLens.positions', title: 'Positional Encodings', script: 'positions', plotly: true, isToHost: isPlainToHost });
  return view.run('Reading the position vectors…', async (token) => {
    const t0 = Date.now();
    const r = await s.engine.request(lmPositionsRequest, { modelId: model }, { token, task: 'positional encodings' });
    return { type: 'positions', model, ms: Date.now() - t0, ...r };
  });
}
