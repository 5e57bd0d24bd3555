// Every benchmark task, in the order the table shows them.
import type { BenchTask } from './types';
import { matmul } from './matmul';
import { engineStart } from './engineStart';
import { sgns, cbow, glove, gloveLoad } from './embeddings';
import { pcaProjection, umapProjection, tsneProjection } from './projections';

export const TASKS: BenchTask[] = [matmul, engineStart, gloveLoad, sgns, cbow, glove, pcaProjection, umapProjection, tsneProjection];
