import { cloudfrontAppliers } from './cloudfront.js';
import { lambdaAppliers } from './lambda.js';
import { rdsAppliers } from './rds.js';
import { s3Appliers } from './s3.js';
import { simpleAppliers } from './simple.js';
import type { Applier } from './types.js';

export const APPLIERS: Record<string, Applier> = {
  ...lambdaAppliers,
  ...rdsAppliers,
  ...s3Appliers,
  ...cloudfrontAppliers,
  ...simpleAppliers,
};
