import type { Rule } from '../types.js';
import { s3IntelligentTiering } from './intelligent-tiering.js';
import { s3Lifecycle } from './lifecycle.js';
import { s3LifecycleRejected } from './lifecycle-rejected.js';
import { s3NoLifecycle } from './no-lifecycle.js';

export const s3Rules: readonly Rule[] = [s3Lifecycle, s3IntelligentTiering, s3NoLifecycle, s3LifecycleRejected];
