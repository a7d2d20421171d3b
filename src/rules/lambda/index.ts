import type { Rule } from '../types.js';
import { lambdaArm64 } from './arm64.js';
import { lambdaConsolidation } from './consolidation.js';
import { lambdaLimits } from './limits.js';
import { lambdaLogLevelRule } from './log-level.js';
import { lambdaMemory } from './memory.js';
import { lambdaPlaintextSecret } from './plaintext-secret.js';
import { lambdaProvisionedConcurrency } from './provisioned-concurrency.js';
import { lambdaReservedConcurrency } from './reserved-concurrency.js';
import { lambdaTier } from './tier.js';
import { lambdaTimeout } from './timeout.js';

export const lambdaRules: readonly Rule[] = [
  lambdaArm64,
  lambdaMemory,
  lambdaTimeout,
  lambdaReservedConcurrency,
  lambdaProvisionedConcurrency,
  lambdaLogLevelRule,
  lambdaTier,
  lambdaConsolidation,
  lambdaPlaintextSecret,
  lambdaLimits,
];
