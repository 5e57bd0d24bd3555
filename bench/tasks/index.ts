// Every benchmark task, in the order the table shows them.
import type { BenchTask } from './types';
import { matmul } from './matmul';
import { engineStart } from './engineStart';
import { sgns, cbow, glove, gloveLoad } from './embeddings';
import { pcaProjection, umapProjection, tsneProjection } from './projections';
import { attention, defaultLmLoad, gptScaling, gptTrain, nextToken } from './lm';
import { hostStall } from './hostStall';
import { gemma3NextToken, smollm2NextToken } from './modern';
import { gpt2SmallCachedToken, gpt2SmallLoad, gpt2SmallNextToken } from './gpt2Small';
import { hostMemory, uiAttention, uiNextTokenCold, uiNextTokenWarm, uiNextTokenWebview, uiAttentionWebview } from './uiHarness';
import { idleActivationGrowth, idleColdStart, idleMemoryAfter, idleStartupProcesses } from './idle';

export const TASKS: BenchTask[] = [
  matmul,
  engineStart,
  gloveLoad,
  defaultLmLoad,
  nextToken,
  attention,
  gptTrain,
  gptScaling,
  smollm2NextToken,
  gemma3NextToken,
  gpt2SmallLoad,
  gpt2SmallNextToken,
  gpt2SmallCachedToken,
  hostStall,
  uiNextTokenWarm,
  uiNextTokenCold,
  uiNextTokenWebview,
  uiAttention,
  uiAttentionWebview,
  hostMemory,
  idleStartupProcesses,
  idleActivationGrowth,
  idleColdStart,
  idleMemoryAfter,
  sgns,
  cbow,
  glove,
  pcaProjection,
  umapProjection,
  tsneProjection,
];
