import type { Rule } from '../types.js';
import { cloudfrontApiCached } from './api-cached.js';
import { cloudfrontCachePolicy } from './cache-policy.js';
import { cloudfrontCachePolicyComment } from './cache-policy-comment.js';
import { cloudfrontCompression } from './compression.js';
import { cloudfrontPriceClass } from './price-class.js';

export const cloudfrontRules: readonly Rule[] = [cloudfrontCompression, cloudfrontPriceClass, cloudfrontCachePolicy, cloudfrontApiCached, cloudfrontCachePolicyComment];
