// Every benchmark task, in the order the table shows them.
import type { BenchTask } from './types';
import { matmul } from './matmul';
import { engineStart } from './engineStart';
import { sgns, cbow, glove, gloveLoad } from './embeddings';
import { pcaProjection, umapProjection, tsneProjection } from './projections';
import { attention, defaultLmLoad, gptScaling, gptTrain, nextToken } from './lm';
import { hostStall } from './hostStall';
import { hostMemory, uiAttention, uiNextTokenCold, uiNextTokenWarm, uiNextTokenWebview, uiAttentionWebview } from './uiHarness';

export const TASKS: BenchTask[] = [
  matmul,
  engineStart,
  gloveLoad,
  defaultLmLoad,
  nextToken,
  attention,
  gptTrain,
  gptScaling,
  hostStall,
  uiNextTokenWarm,
  uiNextTokenCold,
  uiNextTokenWebview,
  uiAttention,
  uiAttentionWebview,
  hostMemory,
  sgns,
  cbow,
  glove,
  pcaProjection,
  umapProjection,
  tsneProjection,
];
