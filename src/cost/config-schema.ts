/** The `cost` section of the config file (owned by src/cost). */
import { z } from 'zod';

export const CostConfig = z.looseObject({});
export type CostConfig = z.infer<typeof CostConfig>;
