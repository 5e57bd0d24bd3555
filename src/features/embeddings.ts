// Word-embedding features in VS Code (issue 3): training, projector, analogies, neighbours, evaluation.
import type { Services } from '../services';
import type { Registrar } from './registrar';

export function registerEmbeddings(s: Services, reg: Registrar): void {
  void s;
  void reg;
}
