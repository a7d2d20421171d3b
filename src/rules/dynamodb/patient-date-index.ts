/**
 * Advisory: the medical reports table carries the design's PatientDateIndex GSI (patientId HASH,
 * reportDate RANGE, KEYS_ONLY), so reports by patient and date are queried, not scanned. A GSI's keys
 * and projection cannot be changed in place: a wrong one is replaced by creating a new index.
 */
import { unitPrice } from '../../pricing/estimator.js';
import type { DynamoTable } from '../../inventory/snapshot.js';
import type { EnvTargets } from '../../targets/design.js';
import { matchesAny } from '../../targets/glob.js';
import { metricsUsed } from '../metrics.js';
import type { Rule, RuleMeta } from '../types.js';
import { tableFinding, tablesInScope } from './shared.js';

const meta: RuleMeta = {
  id: 'dynamodb/patient-date-index',
  service: 'dynamodb',
  title: 'Medical reports table has the PatientDateIndex GSI',
  rationale: 'Design document, "Data Models — DynamoDB Optimization": GlobalSecondaryIndexes PatientDateIndex (patientId HASH, reportDate RANGE, KEYS_ONLY).',
  severity: 'low',
  fixable: false,
  description:
    'Without the index, listing a patient\'s reports by date scans the table, reading (and paying for) every item. Create the GSI with ' +
    'UpdateTable (GlobalSecondaryIndexUpdates Create; AttributeDefinitions patientId S, reportDate S). Index keys and projection cannot be changed in place: ' +
    'an index with the right name and the wrong shape is replaced by a new one. Each write of an item carrying both keys also writes the index.',
};

type RequiredIndex = EnvTargets['dynamodb']['requiredIndexes'][number];

function shapeOf(index: RequiredIndex) {
  return {
    indexName: index.indexName,
    keySchema: [
      { name: index.hashKey, type: 'HASH' },
      { name: index.rangeKey, type: 'RANGE' },
    ],
    projectionType: index.projectionType,
  };
}

function writeBound(table: DynamoTable): string {
  const writes = table.usage?.writeRequestUnitsPerMonth;
  const price = unitPrice(table.region, 'dynamodb.onDemand.writePerMillion');
  if (writes === null || writes === undefined || price === null || table.billingMode !== 'PAY_PER_REQUEST') return '';
  return `; on demand, index writes add at most $${((writes / 1e6) * price).toFixed(2)}/month at this month's ${writes} write request units (one small KEYS_ONLY entry per item write)`;
}

export const dynamodbPatientDateIndex: Rule = {
  meta,
  check(context) {
    return tablesInScope(context).flatMap((scope) => {
      const { table, targets } = scope;
      return targets.requiredIndexes
        .filter((index) => matchesAny(table.name, index.tablePatterns))
        .flatMap((index) => {
          const wanted = shapeOf(index);
          const existing = table.gsis.find((g) => g.name === index.indexName);
          if (existing) {
            const hash = existing.keySchema.find((k) => k.type === 'HASH')?.name;
            const range = existing.keySchema.find((k) => k.type === 'RANGE')?.name;
            if (hash === index.hashKey && range === index.rangeKey && existing.projectionType === index.projectionType) return [];
            return [
              tableFinding(meta, scope, {
                current: { indexName: existing.name, keySchema: existing.keySchema, projectionType: existing.projectionType },
                target: wanted,
                monthlyDeltaUsd: null,
                costLines: [],
                message:
                  `${index.indexName} has keys ${hash ?? '-'}/${range ?? '-'} and projection ${existing.projectionType}; the design wants ${index.hashKey} (HASH), ${index.rangeKey} (RANGE), ${index.projectionType}. ` +
                  'GSI keys and projection cannot be changed in place: create an index with the design shape, move readers to it, then delete the old one',
              }),
            ];
          }
          const types = [index.hashKey, index.rangeKey].map((name) => `${name} ${table.attributeDefinitions.find((a) => a.name === name)?.type ?? 'S'}`).join(', ');
          return [
            tableFinding(meta, scope, {
              current: null,
              target: wanted,
              monthlyDeltaUsd: null,
              costLines: [],
              message:
                `no ${index.indexName}: create it with UpdateTable (GlobalSecondaryIndexUpdates Create ${index.indexName}, ${index.hashKey} HASH, ${index.rangeKey} RANGE, Projection ${index.projectionType}; AttributeDefinitions ${types}). ` +
                `Not priced: the reads it saves depend on how often reports are listed by patient${writeBound(table)}`,
              ...(table.billingMode === 'PAY_PER_REQUEST' ? { metricsUsed: metricsUsed([['dynamodbWrites', table.usage?.writeRequestUnitsPerMonth]]) } : {}),
            }),
          ];
        });
    });
  },
};
