import type { Rule } from '../types.js';
import { auroraAcuRange } from './acu-range.js';
import { auroraAutoPause } from './auto-pause.js';
import { auroraBackupRetention } from './backup-retention.js';
import { auroraCapacityLimits } from './capacity-limits.js';
import { auroraMasterPassword } from './master-password.js';
import { auroraMultiAz } from './multi-az.js';

export const auroraRules: readonly Rule[] = [auroraAcuRange, auroraBackupRetention, auroraMultiAz, auroraAutoPause, auroraCapacityLimits, auroraMasterPassword];
