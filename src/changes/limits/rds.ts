/** Aurora's limits on ModifyDBCluster as `fix` sends it. */
import { integerIn, isNumber, type Limit } from './types.js';
import type { JsonObject } from '../change.js';

const MODIFY = 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html';
const SCALING = 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html';

const halfStep = (value: number): boolean => Number.isInteger(value * 2);
const scalingOf = (input: JsonObject): JsonObject | undefined => (input.ServerlessV2ScalingConfiguration ?? undefined) as JsonObject | undefined;

function acuRange(input: JsonObject): string | null {
  const scaling = scalingOf(input);
  if (!scaling) return null;
  const { MinCapacity: min, MaxCapacity: max } = scaling;
  if (min !== undefined && (!isNumber(min) || !halfStep(min) || !(min === 0 || (min >= 0.5 && min <= 256)))) {
    return `MinCapacity ${JSON.stringify(min)} must be 0 (auto-pause) or 0.5–256 ACU in half steps`;
  }
  if (max !== undefined && (!isNumber(max) || !halfStep(max) || max < 1 || max > 256)) return `MaxCapacity ${JSON.stringify(max)} must be 1–256 ACU in half steps`;
  if (isNumber(min) && isNumber(max) && min > max) return `MinCapacity ${min} is above MaxCapacity ${max}`;
  return null;
}

export const RDS_LIMITS: Limit[] = [
  {
    operation: 'rds:ModifyDBCluster',
    field: 'BackupRetentionPeriod',
    rule: '1–35 days',
    source: MODIFY,
    check: (input) => integerIn('BackupRetentionPeriod', input.BackupRetentionPeriod, 1, 35, ' days'),
  },
  {
    operation: 'rds:ModifyDBCluster',
    field: 'ServerlessV2ScalingConfiguration.MinCapacity / MaxCapacity',
    rule: 'min 0 (engines with auto-pause) or 0.5–256, max 1–256, half steps, min ≤ max (128 on older engine versions)',
    source: SCALING,
    check: acuRange,
  },
  {
    operation: 'rds:ModifyDBCluster',
    field: 'ServerlessV2ScalingConfiguration.SecondsUntilAutoPause',
    rule: '300–86,400 seconds, only with MinCapacity 0',
    source: SCALING,
    check: (input) => {
      const scaling = scalingOf(input);
      if (!scaling || scaling.SecondsUntilAutoPause === undefined) return null;
      if (scaling.MinCapacity !== undefined && scaling.MinCapacity !== 0) return `SecondsUntilAutoPause applies only with MinCapacity 0 (got MinCapacity ${JSON.stringify(scaling.MinCapacity)})`;
      return integerIn('SecondsUntilAutoPause', scaling.SecondsUntilAutoPause, 300, 86_400, ' s');
    },
  },
];
