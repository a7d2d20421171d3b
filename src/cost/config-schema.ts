/**
 * The `cost` section of the config file (owned by src/cost). Objects are strict so a misspelt key
 * is an error that names its path. Percentages are reductions: 60 means "cost falls by 60 %".
 */
import { z } from 'zod';

const pct = z.number().min(0).max(100).nullable();

/** Per-category reduction targets in percent; null turns a category's check off. */
export const CategoryTargetsConfig = z
  .strictObject({
    aurora: pct,
    lambda: pct,
    s3: pct,
    dataTransfer: pct,
    cloudwatch: pct,
    dynamodb: pct,
    cloudfront: pct,
    apiGateway: pct,
    other: pct,
  })
  .partial();

const envMap = <T extends z.ZodType>(value: T) => z.strictObject({ dev: value, test: value, staging: value, prod: value }).partial();

const BudgetEnvConfig = z.strictObject({ limitUsd: z.number().positive() }).partial();

export const CostConfig = z.strictObject({
  targets: z
    .strictObject({
      categories: CategoryTargetsConfig,
      /** Overall reduction per environment (design: dev 60 %, prod 40 %). */
      overall: envMap(pct),
    })
    .partial()
    .optional(),
  roi: z
    .strictObject({
      implementationHours: z.number().min(0),
      hourlyRateUsd: z.number().min(0),
    })
    .partial()
    .optional(),
  /** Tag values that mean each environment (Cost Explorer matches tag values exactly). */
  environmentTagValues: envMap(z.array(z.string().min(1)).min(1)).optional(),
  /** Where answers for closed periods are cached (default .cost-cache in the working directory). */
  cacheDir: z.string().min(1).optional(),
  budgets: z
    .strictObject({
      namePrefix: z.string().min(1).max(60).regex(/^[^:\\]+$/, 'must not contain ":" or "\\"'),
      environments: envMap(BudgetEnvConfig),
      snsTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, 'must be an SNS topic ARN'),
      emails: z.array(z.email()).max(10),
    })
    .partial()
    .optional(),
});
export type CostConfig = z.infer<typeof CostConfig>;
