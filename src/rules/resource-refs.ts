/**
 * Where a finding's resource is managed and declared: the engine attaches the resource's `stack`
 * (StackRef) and `template` (TemplateRef) to every finding about it, once, so no rule has to. A finding
 * is matched to its resource by the identifier rules put in `resource` (an ARN, or an id).
 */
import type { AccountSnapshot, StackRef, TemplateRef } from '../inventory/snapshot.js';
import type { Finding } from './types.js';

interface Refs {
  stack?: StackRef;
  template?: TemplateRef;
}

/** Every identifier a rule may name a resource by → that resource's stack and template references. */
export function resourceRefs(snapshot: AccountSnapshot): Map<string, Refs> {
  const refs = new Map<string, Refs>();
  const add = (keys: readonly string[], item: Refs): void => {
    if (!item.stack && !item.template) return;
    const value: Refs = { ...(item.stack ? { stack: item.stack } : {}), ...(item.template ? { template: item.template } : {}) };
    for (const key of keys) if (!refs.has(key)) refs.set(key, value);
  };
  for (const fn of snapshot.lambdaFunctions) add([fn.arn], fn);
  for (const c of snapshot.auroraClusters) add([c.arn], c);
  for (const t of snapshot.dynamoTables) add([t.arn], t);
  for (const b of snapshot.buckets) add([b.arn ?? `arn:aws:s3:::${b.name}`, `arn:aws:s3:::${b.name}`], b);
  for (const d of snapshot.distributions) add([d.arn], d);
  for (const g of snapshot.logGroups) add([g.arn.replace(/:\*$/, ''), g.arn], g);
  for (const v of snapshot.network.vpcs) add([v.id, ...(snapshot.account ? [`arn:aws:ec2:${v.region}:${snapshot.account}:vpc/${v.id}`] : [])], v);
  for (const api of snapshot.restApis) {
    for (const stage of api.stages) {
      const keys = [`arn:aws:apigateway:${api.region}::/restapis/${api.id}/stages/${stage.name}`, `${api.id}/${stage.name}`];
      add(keys, { stack: stage.stack ?? api.stack, template: stage.template ?? api.template });
    }
  }
  return refs;
}

/** The findings, each with its resource's stack and template when it has them (a rule's own values are kept). */
export function withResourceRefs(findings: Finding[], snapshot: AccountSnapshot): Finding[] {
  const refs = resourceRefs(snapshot);
  if (!refs.size) return findings;
  return findings.map((finding) => {
    const found = refs.get(finding.resource);
    if (!found) return finding;
    return { ...finding, ...(found.stack && !finding.stack ? { stack: found.stack } : {}), ...(found.template && !finding.template ? { template: found.template } : {}) };
  });
}
