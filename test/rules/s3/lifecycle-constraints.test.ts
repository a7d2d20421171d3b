import { describe, expect, it } from 'vitest';
import type { LifecycleRule } from '../../../src/inventory/snapshot.js';
import { validateLifecycleRules } from '../../../src/rules/s3/lifecycle-constraints.js';

const documents: LifecycleRule = {
  ID: 'DocumentsLifecycle',
  Status: 'Enabled',
  Filter: {},
  Transitions: [
    { Days: 30, StorageClass: 'STANDARD_IA' },
    { Days: 90, StorageClass: 'GLACIER' },
    { Days: 365, StorageClass: 'DEEP_ARCHIVE' },
  ],
};

/** The design document's images rule, as written. */
const designImages: LifecycleRule = {
  ID: 'ImagesLifecycle',
  Status: 'Enabled',
  Filter: {},
  Transitions: [
    { Days: 7, StorageClass: 'STANDARD_IA' },
    { Days: 30, StorageClass: 'GLACIER' },
  ],
};

const messages = (rules: LifecycleRule[]): string[] => validateLifecycleRules(rules).map((p) => p.message);

describe('validateLifecycleRules: configurations S3 accepts', () => {
  const valid: [string, LifecycleRule[]][] = [
    ['no rules (no configuration)', []],
    ["the design's documents rule", [documents]],
    ['images moved to the nearest valid days', [{ ...designImages, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Days: 60, StorageClass: 'GLACIER' }] }]],
    ['Intelligent-Tiering from day 0', [{ ID: 'IT', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }] }]],
    ['GLACIER straight away (no 30-day minimum)', [{ ID: 'g', Status: 'Enabled', Filter: { Prefix: 'scans/' }, Transitions: [{ Days: 0, StorageClass: 'GLACIER' }] }]],
    ['GLACIER_IR then DEEP_ARCHIVE', [{ ID: 'g', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 10, StorageClass: 'GLACIER_IR' }, { Days: 20, StorageClass: 'DEEP_ARCHIVE' }] }]],
    ['expiration only, with a tag filter', [{ ID: 'tmp', Status: 'Disabled', Filter: { Tag: { Key: 'tmp', Value: '1' } }, Expiration: { Days: 7 } }]],
    ['an And filter with prefix and sizes', [{ ID: 'a', Status: 'Enabled', Filter: { And: { Prefix: 'x/', ObjectSizeGreaterThan: 131072, ObjectSizeLessThan: 10_000_000 } }, Expiration: { Days: 400 } }]],
    ['transitions by Date at midnight UTC', [{ ID: 'd', Status: 'Enabled', Filter: {}, Transitions: [{ Date: '2030-01-01T00:00:00.000Z', StorageClass: 'GLACIER' }] }]],
    ['the legacy rule-level Prefix', [{ ID: 'legacy', Status: 'Enabled', Prefix: 'logs/', Expiration: { Days: 30 } }]],
    ['a rule without ID next to ours', [documents, { Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }]],
    ['expiration after the last transition', [{ ...documents, Expiration: { Days: 2555 } }]],
    ['noncurrent versions to STANDARD_IA at 30 days', [{ ID: 'nc', Status: 'Enabled', Filter: {}, NoncurrentVersionTransitions: [{ NoncurrentDays: 30, StorageClass: 'STANDARD_IA' }], NoncurrentVersionExpiration: { NoncurrentDays: 90 } }]],
  ];
  it.each(valid)('%s', (_name, rules) => {
    expect(validateLifecycleRules(rules)).toEqual([]);
  });
});

describe('validateLifecycleRules: configurations S3 rejects, in its own words', () => {
  it("rejects the design's images rule: STANDARD_IA before day 30, and GLACIER less than 30 days after it", () => {
    expect(validateLifecycleRules([designImages])).toEqual([
      { ruleId: 'ImagesLifecycle', message: "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'" },
      {
        ruleId: 'ImagesLifecycle',
        message: "'Days' in the Transition action for StorageClass 'GLACIER' must be 30 days more than 'Days' in the Transition action for StorageClass 'STANDARD_IA'",
      },
    ]);
  });

  it('rejects ONEZONE_IA before day 30 and a noncurrent STANDARD_IA transition before 30 days', () => {
    expect(messages([{ ID: 'oz', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 29, StorageClass: 'ONEZONE_IA' }] }])).toEqual([
      "'Days' in Transition action must be greater than or equal to 30 for storageClass 'ONEZONE_IA'",
    ]);
    expect(messages([{ ID: 'nc', Status: 'Enabled', Filter: {}, NoncurrentVersionTransitions: [{ NoncurrentDays: 10, StorageClass: 'STANDARD_IA' }] }])).toEqual([
      "'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'",
    ]);
  });

  it('rejects transitions against the storage-class waterfall', () => {
    const rule: LifecycleRule = { ID: 'back', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }, { Days: 90, StorageClass: 'STANDARD_IA' }] };
    expect(messages([rule])).toEqual(["'Days' in the Transition action for StorageClass 'STANDARD_IA' must be less than 'Days' in the Transition action for StorageClass 'GLACIER'"]);
    const sideways: LifecycleRule = { ID: 's', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'ONEZONE_IA' }, { Days: 90, StorageClass: 'GLACIER_IR' }] };
    expect(messages([sideways])[0]).toContain("Lifecycle can't transition objects from storageClass 'ONEZONE_IA' to 'GLACIER_IR'");
  });

  it('rejects two transitions to the same class, or on the same day', () => {
    expect(messages([{ ID: 'dup', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }, { Days: 60, StorageClass: 'GLACIER' }] }])).toContain(
      "'StorageClass' must be different for 'Transition' actions in same 'Rule'",
    );
    expect(messages([{ ID: 'same', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 90, StorageClass: 'GLACIER' }, { Days: 90, StorageClass: 'DEEP_ARCHIVE' }] }])).toEqual([
      "'Days' in the Transition action for StorageClass 'DEEP_ARCHIVE' must be greater than 'Days' in the Transition action for StorageClass 'GLACIER'",
    ]);
  });

  it('rejects Days and Date mixed, both in one transition, and a Date not at midnight', () => {
    expect(
      messages([{ ID: 'mix', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }, { Date: '2030-01-01T00:00:00Z', StorageClass: 'GLACIER' }] }]),
    ).toEqual(["Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule"]);
    expect(messages([{ ID: 'both', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, Date: '2030-01-01T00:00:00Z', StorageClass: 'GLACIER' }] }])[0]).toContain(
      'a Transition needs exactly one of Days or Date',
    );
    expect(messages([{ ID: 'noon', Status: 'Enabled', Filter: {}, Transitions: [{ Date: '2030-01-01T12:00:00Z', StorageClass: 'GLACIER' }] }])).toEqual([
      "'Date' must be at midnight GMT",
    ]);
    expect(messages([{ ID: 'exp', Status: 'Enabled', Filter: {}, Expiration: { Date: '2031-01-01T00:00:00Z' }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }])).toEqual([
      "Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle rule",
    ]);
  });

  it('rejects an expiration on or before the last transition', () => {
    expect(messages([{ ...documents, Expiration: { Days: 365 } }])).toEqual(["'Days' in the Expiration action must be greater than 'Days' in the Transition action"]);
  });

  it('rejects a rule with no action, a bad Status, a long or repeated ID, and more than 1000 rules', () => {
    expect(validateLifecycleRules([{ ID: 'empty', Status: 'Enabled', Filter: {} }])).toEqual([
      { ruleId: 'empty', message: 'At least one action needs to be specified in a rule' },
    ]);
    expect(messages([{ ...documents, Status: 'On' as 'Enabled' }])[0]).toContain('Status must be Enabled or Disabled');
    expect(messages([{ ...documents, ID: 'x'.repeat(256) }])).toEqual(['ID length should not exceed allowed limit of 255']);
    expect(messages([{ ...documents, ID: 'x'.repeat(255) }])).toEqual([]);
    expect(messages([documents, { ...documents, Transitions: [{ Days: 0, StorageClass: 'GLACIER' }] }])).toEqual([
      'Rule ID must be unique. Found same ID for more than one rule',
    ]);
    const many = Array.from({ length: 1001 }, (_, i): LifecycleRule => ({ ID: `r${i}`, Status: 'Enabled', Filter: { Prefix: `p${i}/` }, Expiration: { Days: 1 } }));
    expect(validateLifecycleRules(many)).toEqual([{ ruleId: null, message: 'The number of lifecycle rules (1001) exceeds the allowed limit of 1000 rules' }]);
    expect(validateLifecycleRules(many.slice(0, 1000))).toEqual([]);
  });

  it('rejects malformed filters', () => {
    const withFilter = (Filter: Record<string, unknown>): LifecycleRule => ({ ID: 'f', Status: 'Enabled', Filter, Expiration: { Days: 30 } });
    expect(messages([withFilter({ Prefix: 'a/', Tag: { Key: 'k', Value: 'v' } })])[0]).toContain('combine them with And');
    expect(messages([withFilter({ Prefixx: 'a/' })])[0]).toContain('unknown Filter element Prefixx');
    expect(messages([withFilter({ And: {} })])[0]).toContain('Filter.And needs at least one condition');
    expect(messages([withFilter({ And: { ObjectSizeGreaterThan: 500, ObjectSizeLessThan: 100 } })])).toEqual(["'ObjectSizeGreaterThan' must be less than 'ObjectSizeLessThan'"]);
    expect(messages([withFilter({ And: { Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } })])).toEqual(['Duplicate Tag Keys are not allowed.']);
    expect(messages([{ ...withFilter({}), Prefix: 'legacy/' }])[0]).toContain('either Filter or the legacy Prefix');
    expect(messages([{ ID: 't', Status: 'Enabled', Filter: { Tag: { Key: 'k', Value: 'v' } }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }])).toEqual([
      'AbortIncompleteMultipartUpload cannot be specified with Tags.',
    ]);
  });

  it('rejects storage classes a lifecycle rule cannot target', () => {
    expect(messages([{ ID: 's', Status: 'Enabled', Filter: {}, Transitions: [{ Days: 30, StorageClass: 'STANDARD' }] }])[0]).toContain(
      "StorageClass 'STANDARD' is not a lifecycle transition class",
    );
  });
});
