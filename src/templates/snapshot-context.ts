/** What every part of the template → snapshot build shares: the template, where it is audited, the gap log and a lookup by logical ID. */
import type { TemplateRef } from '../inventory/snapshot.js';
import { GapLog, PropertyReader, templateRef } from './snapshot-values.js';
import type { ResolvedResource, ResolvedTemplate } from './types.js';

export interface BuildContext {
  template: ResolvedTemplate;
  region: string;
  account: string;
  log: GapLog;
  ids: ReadonlySet<string>;
  byId: ReadonlyMap<string, ResolvedResource>;
  ofType(...types: string[]): ResolvedResource[];
  reader(resource: ResolvedResource, service: string): PropertyReader;
  ref(resource: ResolvedResource): TemplateRef;
}

export function buildContext(template: ResolvedTemplate, region: string, account: string): BuildContext {
  const log = new GapLog(template.file, region);
  const byId = new Map(template.resources.map((r) => [r.logicalId, r]));
  return {
    template,
    region,
    account,
    log,
    ids: new Set(byId.keys()),
    byId,
    ofType: (...types) => template.resources.filter((r) => types.includes(r.type)),
    reader: (resource, service) => new PropertyReader(resource, service, log),
    ref: (resource) => templateRef(template, resource),
  };
}
