/**
 * Reading a resolved template resource's properties into snapshot fields: typed readers that fall
 * back to a documented neutral value and record a coverage gap when a value could not be resolved
 * offline (so no rule passes silently on a value the template does not give), references between
 * resources by logical ID, and tags in either CloudFormation shape. Pure.
 */
import type { CoverageGap, TemplateRef } from '../inventory/snapshot.js';
import { isUnresolved, type ResolvedResource, type ResolvedTemplate } from './types.js';

/** The account placeholder of ARNs built from a template: a template is not deployed in any account yet. */
export const TEMPLATE_ACCOUNT = '000000000000';

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnresolved(value);

/** The property at a path under Properties ('MemorySize', 'DistributionConfig.PriceClass'). */
export function propertyAt(resource: ResolvedResource, path: string): unknown {
  let value: unknown = resource.properties;
  for (const key of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
    else if (isRecord(value)) value = value[key];
    else return undefined;
  }
  return value;
}

/** The gaps one snapshot build collects, each naming the template line, the expression and the value audited instead. */
export class GapLog {
  readonly gaps: CoverageGap[] = [];

  constructor(
    private readonly file: string,
    private readonly region: string,
  ) {}

  add(service: string, resource: ResolvedResource, path: string, what: string): void {
    const error = `${this.file}:${lineAt(resource, path)} ${resource.logicalId} ${path}: ${what}`;
    // A property read twice (a function's name, for the function and its log group) is one gap.
    if (this.gaps.some((gap) => gap.error === error)) return;
    this.gaps.push({ service, region: this.region, operation: 'template', kind: 'error', resource: resource.logicalId, error });
  }

  /** A value the resolver left unresolved (or of the wrong type): audited as `neutral`, and said so. */
  unresolved(service: string, resource: ResolvedResource, path: string, value: unknown, neutral: string): void {
    const why = isUnresolved(value) ? `${value.expression} could not be resolved offline (${value.reason})` : `unexpected value ${JSON.stringify(value)}`;
    this.add(service, resource, path, `${why}; audited as ${neutral}`);
  }
}

/** Reads one resource's properties, logging a gap for each value it had to replace. */
export class PropertyReader {
  constructor(
    readonly resource: ResolvedResource,
    private readonly service: string,
    private readonly log: GapLog,
  ) {}

  raw(path: string): unknown {
    return propertyAt(this.resource, path);
  }

  /** A string; `fallback` when absent (the documented default), and a gap when present but unresolved. */
  string(path: string, fallback: string): string;
  string(path: string, fallback: null): string | null;
  string(path: string, fallback: string | null): string | null {
    const value = this.raw(path);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string') {
      // The resolver leaves a !Sub reference it cannot know offline as written: "${AWS::AccountId}", "${Api}".
      if (value.includes('${')) this.log.add(this.service, this.resource, path, `"${value}" holds references known only at deploy time; audited as written`);
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.log.unresolved(this.service, this.resource, path, value, fallback === null ? 'unknown' : JSON.stringify(fallback));
    return fallback;
  }

  number(path: string, fallback: number): number;
  number(path: string, fallback: null): number | null;
  number(path: string, fallback: number | null): number | null {
    const value = this.raw(path);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    this.log.unresolved(this.service, this.resource, path, value, fallback === null ? 'unknown' : String(fallback));
    return fallback;
  }

  boolean(path: string, fallback: boolean): boolean {
    const value = this.raw(path);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.log.unresolved(this.service, this.resource, path, value, String(fallback));
    return fallback;
  }

  /** A list of strings; unresolved entries are dropped with a gap. */
  strings(path: string): string[] {
    const value = this.raw(path);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.log.unresolved(this.service, this.resource, path, value, '[]');
      return [];
    }
    return value.flatMap((item, index) => {
      if (typeof item === 'string') return [item];
      this.log.unresolved(this.service, this.resource, `${path}.${index}`, item, 'left out');
      return [];
    });
  }

  gap(path: string, what: string): void {
    this.log.add(this.service, this.resource, path, what);
  }

  unresolvedGap(path: string, value: unknown, neutral: string): void {
    this.log.unresolved(this.service, this.resource, path, value, neutral);
  }
}

export function templateRef(template: ResolvedTemplate, resource: ResolvedResource): TemplateRef {
  return { file: template.file, line: resource.line, logicalId: resource.logicalId };
}

/**
 * The logical ID a value refers to: a !Ref or !GetAtt of a resource left unresolved by the resolver
 * (its expression names it), a { Ref } / { Fn::GetAtt } object, or a string that is a logical ID.
 */
export function referencedId(value: unknown, logicalIds: ReadonlySet<string>): string | null {
  if (typeof value === 'string') return logicalIds.has(value) ? value : null;
  if (isUnresolved(value)) {
    // The resolver names the resource a !Ref/!GetAtt points at; the expression is the fallback.
    const named = (value as { resource?: unknown }).resource;
    if (typeof named === 'string') return logicalIds.has(named) ? named : null;
    const match = /^(?:!Ref\s+|!GetAtt\s+|Ref:?\s*|Fn::GetAtt:?\s*)\[?\s*["']?([A-Za-z0-9]+)/.exec(value.expression.trim()) ?? /"(?:Ref|Fn::GetAtt)"\s*:\s*\[?\s*"([A-Za-z0-9]+)/.exec(value.expression);
    return match && logicalIds.has(match[1]) ? match[1] : null;
  }
  if (isRecord(value)) {
    const ref = value.Ref ?? (Array.isArray(value['Fn::GetAtt']) ? value['Fn::GetAtt'][0] : value['Fn::GetAtt']);
    if (typeof ref === 'string') {
      const id = ref.split('.')[0];
      return logicalIds.has(id) ? id : null;
    }
  }
  return null;
}

/** Every logical ID a value mentions (an unresolved !Sub names the resources it needs). */
export function mentionedIds(value: unknown, logicalIds: ReadonlySet<string>): string[] {
  const text = isUnresolved(value) ? value.expression : typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return [...logicalIds].filter((id) => new RegExp(`(^|[^A-Za-z0-9])${id}([^A-Za-z0-9]|$)`).test(text));
}

/** Tags as CloudFormation writes them: a list of { Key, Value } (most resources) or a map (SAM). Unresolved values are left out. */
export function tagsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const tag of value) if (isRecord(tag) && typeof tag.Key === 'string' && typeof tag.Value === 'string') out[tag.Key] = tag.Value;
  } else if (isRecord(value)) {
    for (const [key, tagValue] of Object.entries(value)) if (typeof tagValue === 'string') out[key] = tagValue;
  }
  return out;
}

/** The 1-based line a property is written on, else the resource's own line. */
export function lineAt(resource: ResolvedResource, path: string): number {
  const dotted = `Properties.${path}`;
  return resource.propertyLines[dotted] ?? resource.propertyLines[dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]')] ?? resource.line;
}

/** The comment written beside a property, whichever way the parser spells list indexes ('A.0.B' or 'A[0].B'). */
export function commentAt(resource: ResolvedResource, path: string): string | null {
  const dotted = `Properties.${path}`;
  const bracketed = dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return resource.propertyComments[dotted] ?? resource.propertyComments[bracketed] ?? null;
}
