/**
 * S3's own constraints on a lifecycle configuration, checked before we plan or send one so that a
 * PutBucketLifecycleConfiguration is never rejected half-way through a fix. Messages follow S3's
 * own error texts (InvalidArgument / InvalidRequest / MalformedXML), plus the rule they concern.
 *
 * Sources: S3 User Guide "Transitioning objects using Amazon S3 Lifecycle" (supported transitions,
 * 30-day minimums), S3 API reference (LifecycleRule, Transition, LifecycleRuleFilter).
 */
import type { LifecycleRule } from '../../inventory/snapshot.js';

export interface LifecycleProblem {
  /** The rule's ID, or null when it has none (or the problem is the whole configuration's). */
  ruleId: string | null;
  message: string;
}

export const MAX_LIFECYCLE_RULES = 1000;
export const MAX_RULE_ID_LENGTH = 255;
/** Days an object must spend in STANDARD before STANDARD_IA / ONEZONE_IA, and in an IA class before the next transition. */
export const IA_MINIMUM_DAYS = 30;

export const TRANSITION_CLASSES = ['STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;
export type TransitionClass = (typeof TRANSITION_CLASSES)[number];

const IA_CLASSES: readonly string[] = ['STANDARD_IA', 'ONEZONE_IA'];

/** The S3 "waterfall": where an object in a class may go next by lifecycle (User Guide, supported transitions). */
const NEXT: Record<TransitionClass, readonly TransitionClass[]> = {
  STANDARD_IA: ['INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  INTELLIGENT_TIERING: ['ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'],
  ONEZONE_IA: ['GLACIER', 'DEEP_ARCHIVE'],
  GLACIER_IR: ['GLACIER', 'DEEP_ARCHIVE'],
  GLACIER: ['DEEP_ARCHIVE'],
  DEEP_ARCHIVE: [],
};

export function isTransitionClass(value: string): value is TransitionClass {
  return (TRANSITION_CLASSES as readonly string[]).includes(value);
}

/** Whether a lifecycle rule may move an object from `from` to `to`. */
export function canTransition(from: TransitionClass, to: TransitionClass): boolean {
  return NEXT[from].includes(to);
}

const MALFORMED = 'The XML you provided was not well-formed or did not validate against our published schema';
const FILTER_KEYS = ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan', 'And'];
const AND_KEYS = ['Prefix', 'Tags', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'];

type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isMidnightUtc(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return false;
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
}

function hasTags(filter: Record_ | undefined): boolean {
  if (!filter) return false;
  if (filter.Tag !== undefined) return true;
  return isRecord(filter.And) && Array.isArray(filter.And.Tags) && filter.And.Tags.length > 0;
}

function sizeProblems(owner: Record_): string[] {
  const out: string[] = [];
  const gt = owner.ObjectSizeGreaterThan;
  const lt = owner.ObjectSizeLessThan;
  if (gt !== undefined && !isNonNegativeInt(gt)) out.push("'ObjectSizeGreaterThan' must be a non-negative integer");
  if (lt !== undefined && !(isNonNegativeInt(lt) && lt > 0)) out.push("'ObjectSizeLessThan' must be a positive integer");
  if (isNonNegativeInt(gt) && isNonNegativeInt(lt) && gt >= lt) out.push("'ObjectSizeGreaterThan' must be less than 'ObjectSizeLessThan'");
  return out;
}

function tagProblems(tags: unknown[]): string[] {
  const keys = new Set<string>();
  for (const tag of tags) {
    if (!isRecord(tag) || typeof tag.Key !== 'string' || tag.Key.length === 0 || tag.Key.length > 128) return ['The TagKey you have provided is invalid'];
    if (typeof tag.Value === 'string' && tag.Value.length > 256) return ['The TagValue you have provided is invalid'];
    if (keys.has(tag.Key)) return ['Duplicate Tag Keys are not allowed.'];
    keys.add(tag.Key);
  }
  return [];
}

function filterProblems(rule: LifecycleRule): string[] {
  const filter = rule.Filter;
  if (filter !== undefined && rule.Prefix !== undefined) return [`${MALFORMED} (a rule has either Filter or the legacy Prefix, not both)`];
  if (!filter) return [];
  const present = Object.keys(filter).filter((key) => filter[key] !== undefined);
  const unknown = present.filter((key) => !FILTER_KEYS.includes(key));
  if (unknown.length) return [`${MALFORMED} (unknown Filter element ${unknown.join(', ')})`];
  if (present.length > 1) return [`${MALFORMED} (a Filter holds one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan; combine them with And)`];
  if (filter.Prefix !== undefined && typeof filter.Prefix !== 'string') return [`${MALFORMED} (Filter.Prefix must be a string)`];
  const out = [...sizeProblems(filter)];
  if (filter.Tag !== undefined) out.push(...tagProblems([filter.Tag]));
  if (filter.And !== undefined) {
    const and = filter.And;
    if (!isRecord(and)) return [`${MALFORMED} (Filter.And must be an object)`];
    const andKeys = Object.keys(and).filter((key) => and[key] !== undefined);
    const strange = andKeys.filter((key) => !AND_KEYS.includes(key));
    if (strange.length) return [`${MALFORMED} (unknown And element ${strange.join(', ')})`];
    if (andKeys.length === 0) return [`${MALFORMED} (Filter.And needs at least one condition)`];
    out.push(...sizeProblems(and));
    if (and.Tags !== undefined) out.push(...(Array.isArray(and.Tags) ? tagProblems(and.Tags) : [`${MALFORMED} (And.Tags must be a list)`]));
  }
  return out;
}

interface DatedTransition {
  storageClass: string;
  days: number | null;
  date: string | null;
}

function transitionProblems(rule: LifecycleRule): string[] {
  const raw = rule.Transitions ?? [];
  const out: string[] = [];
  const transitions: DatedTransition[] = [];
  const seen = new Set<string>();
  for (const t of raw) {
    if (!isTransitionClass(t.StorageClass)) {
      out.push(`${MALFORMED} (StorageClass '${t.StorageClass}' is not a lifecycle transition class: ${TRANSITION_CLASSES.join(', ')})`);
      continue;
    }
    if (seen.has(t.StorageClass)) out.push("'StorageClass' must be different for 'Transition' actions in same 'Rule'");
    seen.add(t.StorageClass);
    const hasDays = t.Days !== undefined;
    const hasDate = t.Date !== undefined;
    if (hasDays === hasDate) {
      out.push(`${MALFORMED} (a Transition needs exactly one of Days or Date)`);
      continue;
    }
    if (hasDays && !isNonNegativeInt(t.Days)) {
      out.push("'Days' in Transition action must be a non-negative integer");
      continue;
    }
    if (hasDate && !isMidnightUtc(t.Date)) {
      out.push("'Date' must be at midnight GMT");
      continue;
    }
    if (hasDays && IA_CLASSES.includes(t.StorageClass) && (t.Days as number) < IA_MINIMUM_DAYS) {
      out.push(`'Days' in Transition action must be greater than or equal to ${IA_MINIMUM_DAYS} for storageClass '${t.StorageClass}'`);
    }
    transitions.push({ storageClass: t.StorageClass, days: hasDays ? (t.Days as number) : null, date: hasDate ? (t.Date as string) : null });
  }
  const byDays = transitions.filter((t) => t.days !== null);
  const byDate = transitions.filter((t) => t.date !== null);
  if (byDays.length && byDate.length) out.push("Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule");
  const expiration = isRecord(rule.Expiration) ? rule.Expiration : undefined;
  if (expiration && transitions.length) {
    if ((expiration.Days !== undefined && byDate.length) || (expiration.Date !== undefined && byDays.length)) {
      out.push("Found mixed 'Date' and 'Days' based Expiration and Transition actions in lifecycle rule");
    }
  }
  // Order along the waterfall and the 30-day gap after an IA class (S3 checks these only for Days).
  const ordered = [...byDays].sort((a, b) => (a.days as number) - (b.days as number));
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1];
    const next = ordered[i];
    const prevClass = prev.storageClass as TransitionClass;
    const nextClass = next.storageClass as TransitionClass;
    if (prev.days === next.days || !canTransition(prevClass, nextClass)) {
      out.push(
        canTransition(nextClass, prevClass)
          ? `'Days' in the Transition action for StorageClass '${nextClass}' must be less than 'Days' in the Transition action for StorageClass '${prevClass}'`
          : prev.days === next.days
            ? `'Days' in the Transition action for StorageClass '${nextClass}' must be greater than 'Days' in the Transition action for StorageClass '${prevClass}'`
            : `Lifecycle can't transition objects from storageClass '${prevClass}' to '${nextClass}' (from ${prevClass} S3 transitions only to ${NEXT[prevClass].join(', ') || 'nothing'})`,
      );
      continue;
    }
    if (IA_CLASSES.includes(prevClass) && (next.days as number) - (prev.days as number) < IA_MINIMUM_DAYS) {
      out.push(
        `'Days' in the Transition action for StorageClass '${nextClass}' must be ${IA_MINIMUM_DAYS} days more than 'Days' in the Transition action for StorageClass '${prevClass}'`,
      );
    }
  }
  if (expiration && typeof expiration.Days === 'number' && ordered.length) {
    const last = ordered[ordered.length - 1].days as number;
    if (expiration.Days <= last) out.push("'Days' in the Expiration action must be greater than 'Days' in the Transition action");
  }
  return out;
}

function expirationProblems(rule: LifecycleRule): string[] {
  const expiration = rule.Expiration;
  if (expiration === undefined) return [];
  if (!isRecord(expiration)) return [`${MALFORMED} (Expiration must be an object)`];
  const forms = ['Days', 'Date', 'ExpiredObjectDeleteMarker'].filter((key) => expiration[key] !== undefined);
  if (forms.length !== 1) return [`${MALFORMED} (an Expiration needs exactly one of Days, Date or ExpiredObjectDeleteMarker)`];
  if (expiration.Days !== undefined && !(isNonNegativeInt(expiration.Days) && expiration.Days > 0)) return ["'Days' for Expiration action must be a positive integer"];
  if (expiration.Date !== undefined && !isMidnightUtc(expiration.Date)) return ["'Date' must be at midnight GMT"];
  if (expiration.ExpiredObjectDeleteMarker === true && hasTags(rule.Filter)) return ['ExpiredObjectDeleteMarker cannot be specified with tags'];
  return [];
}

function noncurrentProblems(rule: LifecycleRule): string[] {
  const out: string[] = [];
  const transitions = Array.isArray(rule.NoncurrentVersionTransitions) ? rule.NoncurrentVersionTransitions : [];
  const seen = new Set<string>();
  let lastDays = -1;
  for (const t of transitions) {
    if (!isRecord(t) || typeof t.StorageClass !== 'string' || !isTransitionClass(t.StorageClass)) {
      out.push(`${MALFORMED} (NoncurrentVersionTransition needs a lifecycle transition StorageClass)`);
      continue;
    }
    if (seen.has(t.StorageClass)) out.push("'StorageClass' must be different for 'NoncurrentVersionTransition' actions in same 'Rule'");
    seen.add(t.StorageClass);
    if (!isNonNegativeInt(t.NoncurrentDays)) {
      out.push("'NoncurrentDays' for NoncurrentVersionTransition action must be a non-negative integer");
      continue;
    }
    if (IA_CLASSES.includes(t.StorageClass) && t.NoncurrentDays < IA_MINIMUM_DAYS) {
      out.push(`'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to ${IA_MINIMUM_DAYS} for storageClass '${t.StorageClass}'`);
    }
    lastDays = Math.max(lastDays, t.NoncurrentDays);
  }
  const expiration = rule.NoncurrentVersionExpiration;
  if (expiration !== undefined) {
    if (!isRecord(expiration) || !isNonNegativeInt(expiration.NoncurrentDays) || expiration.NoncurrentDays === 0) {
      out.push("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
    } else if (lastDays >= 0 && expiration.NoncurrentDays <= lastDays) {
      out.push("'NoncurrentDays' in the NoncurrentVersionExpiration action must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition action");
    }
  }
  return out;
}

function abortProblems(rule: LifecycleRule): string[] {
  const abort = rule.AbortIncompleteMultipartUpload;
  if (abort === undefined) return [];
  if (!isRecord(abort) || !isNonNegativeInt(abort.DaysAfterInitiation) || abort.DaysAfterInitiation === 0) {
    return ["'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer"];
  }
  if (hasTags(rule.Filter)) return ['AbortIncompleteMultipartUpload cannot be specified with Tags.'];
  return [];
}

function hasAction(rule: LifecycleRule): boolean {
  const list = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
  return (
    rule.Expiration !== undefined ||
    rule.NoncurrentVersionExpiration !== undefined ||
    rule.AbortIncompleteMultipartUpload !== undefined ||
    list(rule.Transitions) ||
    list(rule.NoncurrentVersionTransitions)
  );
}

function ruleProblems(rule: LifecycleRule): string[] {
  const out: string[] = [];
  if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') out.push(`${MALFORMED} (Status must be Enabled or Disabled)`);
  if (rule.ID !== undefined && rule.ID.length > MAX_RULE_ID_LENGTH) out.push(`ID length should not exceed allowed limit of ${MAX_RULE_ID_LENGTH}`);
  out.push(...filterProblems(rule));
  if (!hasAction(rule)) out.push('At least one action needs to be specified in a rule');
  out.push(...expirationProblems(rule), ...transitionProblems(rule), ...noncurrentProblems(rule), ...abortProblems(rule));
  return out;
}

/**
 * Every problem S3 would reject the configuration for; empty when it is valid. An empty list of
 * rules is valid here: it means "no lifecycle configuration" (DeleteBucketLifecycle).
 */
export function validateLifecycleRules(rules: LifecycleRule[]): LifecycleProblem[] {
  const problems: LifecycleProblem[] = [];
  if (rules.length > MAX_LIFECYCLE_RULES) {
    problems.push({ ruleId: null, message: `The number of lifecycle rules (${rules.length}) exceeds the allowed limit of ${MAX_LIFECYCLE_RULES} rules` });
  }
  const ids = new Set<string>();
  rules.forEach((rule) => {
    const ruleId = rule.ID ?? null;
    if (ruleId !== null) {
      if (ids.has(ruleId)) problems.push({ ruleId, message: 'Rule ID must be unique. Found same ID for more than one rule' });
      ids.add(ruleId);
    }
    for (const message of ruleProblems(rule)) problems.push({ ruleId, message });
  });
  return problems;
}
