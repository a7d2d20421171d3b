import type { Rule } from '../types.js';
import { dynamodbMigrateToAurora } from './migrate-to-aurora.js';
import { dynamodbOnDemand } from './on-demand.js';
import { dynamodbPatientDateIndex } from './patient-date-index.js';

export const dynamodbRules: readonly Rule[] = [dynamodbOnDemand, dynamodbMigrateToAurora, dynamodbPatientDateIndex];
