import type { Rule } from '../types.js';
import { logsRetention } from './retention.js';

export const logsRules: readonly Rule[] = [logsRetention];
