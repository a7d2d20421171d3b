import type { Rule } from '../types.js';
import { cloudfrontCachePolicy } from './cache-policy.js';
import { cloudfrontCompression } from './compression.js';
import { cloudfrontPriceClass } from './price-class.js';

export const cloudfrontRules: readonly Rule[] = [cloudfrontCompression, cloudfrontPriceClass, cloudfrontCachePolicy];
