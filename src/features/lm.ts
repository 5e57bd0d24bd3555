// Language-model features in VS Code (issues 4 and 5): next-token panel, token probabilities,
// training, model card, attention side panel, logit lens, contextual embeddings, positions.
import type { Services } from '../services';
import type { Registrar } from './registrar';

export function registerLm(s: Services, reg: Registrar): void {
  void s;
  void reg;
}
