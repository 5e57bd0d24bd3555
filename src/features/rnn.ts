// Recurrent and sequence-to-sequence features in VS Code: Look Inside an RNN (hidden states, gates, gradient through
// time), Train Sequence to Sequence… and Show Seq2Seq Alignment (alignment and accuracy against input length).
import type { Services } from '../services';
import type { Registrar } from './registrar';
import { showInsideRnn, type InsideRnnArgs } from '../commands/rnn/insideRnn';
import { showSeq2Seq, trainSeq2SeqCommand, type Seq2SeqTrainArgs, type ShowSeq2SeqArgs } from '../commands/rnn/seq2seq';

export function registerRnn(s: Services, reg: Registrar): void {
  reg('modelLens.showInsideRnn', (args?: InsideRnnArgs) => showInsideRnn(s, args));
  reg('modelLens.trainSeq2Seq', (args?: Seq2SeqTrainArgs) => trainSeq2SeqCommand(s, args));
  reg('modelLens.showSeq2Seq', (args?: ShowSeq2SeqArgs) => showSeq2Seq(s, args));
}
