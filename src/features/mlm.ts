// Bidirectional-model features in VS Code: Predict Masked Word (Fill Mask) on the embedded encoder or a chosen one.
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { predictMaskedWord } from '../commands/mlm/predictMaskedWord';

export function registerMlm(s: Services, reg: Registrar): void {
  reg('modelLens.predictMaskedWord', (text?: string) => predictMaskedWord(s, text));
}
