// What each step of the Get Started walkthrough does, as data (no vscode import, so unit tests can
// check it against package.json and samples/): the sample to open, the text to select, the command.
import type { LmTrainChoices } from '../commands/lm/trainLm';

export const WALKTHROUGH_ID = 'modelLens.gettingStarted';

export interface TryStep {
  /** The walkthrough's button runs this command. */
  command: string;
  /** samples/<file> opened with `select` selected first, when the panel reads the selection. */
  sample?: { file: string; select: string };
  /** The Model Lens command that opens the panel, and its argument. */
  then: string;
  arg?: unknown;
}

/** The tiny model the last step trains: the lecture's femto GPT on Moby Dick, about a minute on a CPU. */
export const TINY_MODEL: LmTrainChoices = { corpus: 'moby-dick', tokenizer: 'char', preset: 'femto', steps: 300, name: 'tiny-moby-dick' };

export const TRY_STEPS: TryStep[] = [
  { command: 'modelLens.tryPredictNextToken', sample: { file: 'moby-dick.txt', select: 'It is a way I have of driving off the spleen' }, then: 'modelLens.predictNextToken' },
  { command: 'modelLens.tryShowAttention', sample: { file: 'attention.txt', select: "The animal didn't cross the street because it was too tired." }, then: 'modelLens.showAttention' },
  { command: 'modelLens.tryAnalogy', sample: { file: 'analogies.txt', select: 'king man woman' }, then: 'modelLens.showAnalogy', arg: { a: 'king', b: 'man', c: 'woman' } },
  { command: 'modelLens.tryProjector', then: 'modelLens.showProjector' },
  { command: 'modelLens.tryTrainTinyModel', then: 'modelLens.trainLanguageModel', arg: TINY_MODEL },
];
