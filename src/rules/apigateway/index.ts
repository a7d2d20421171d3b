import type { Rule } from '../types.js';
import { apigatewayStageCache } from './stage-cache.js';

export const apigatewayRules: readonly Rule[] = [apigatewayStageCache];
