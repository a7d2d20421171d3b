/**
 * `audit --template FILE --snapshot SNAP`: the usage a template cannot hold, taken from the matching
 * deployed resources of a snapshot, so the template's findings are priced as the account's would be.
 * A template resource matches a snapshot resource of the same name (FunctionName, TableName, …), else
 * the one resource its stack built from the same logical ID in the stack of this environment (the
 * stack's environment parameter equals the run's environment; CloudFormation-generated names
 * differ from logical IDs). Nothing else is copied: configuration stays the template's. Pure.
 */
import type { AccountSnapshot, Stack, StackRef } from '../inventory/snapshot.js';

interface Matchable {
  name: string;
  stack?: StackRef;
  template?: { logicalId: string };
}

function stackEnvironment(stacks: readonly Stack[], name: string, parameterNames: readonly string[]): string | null {
  const stack = stacks.find((s) => s.name === name);
  const names = parameterNames.map((n) => n.toLowerCase());
  return stack?.parameters.find((p) => names.includes(p.key.toLowerCase()))?.value ?? null;
}

/** The deployed counterpart of each template resource, by name, else by logical ID in this environment's stack (only when exactly one). */
function matcher<T extends Matchable>(deployed: readonly T[], stacks: readonly Stack[], environment: string | null, parameterNames: readonly string[]) {
  return (item: Matchable): T | undefined => {
    const byName = deployed.find((d) => d.name === item.name);
    if (byName) return byName;
    const logicalId = item.template?.logicalId;
    if (!logicalId) return undefined;
    const candidates = deployed.filter(
      (d) => d.stack?.logicalId === logicalId && (environment === null || stackEnvironment(stacks, d.stack.name, parameterNames) === environment),
    );
    return candidates.length === 1 ? candidates[0] : undefined;
  };
}

/** The template snapshot with usage (and stored data) from the matching resources of the snapshots given. */
export function withUsageFrom(
  template: AccountSnapshot,
  sources: readonly AccountSnapshot[],
  environment: string | null,
  parameterNames: readonly string[],
): AccountSnapshot {
  const stacks = sources.flatMap((s) => s.stacks ?? []);
  const all = <T>(pick: (s: AccountSnapshot) => T[]): T[] => sources.flatMap(pick);
  const fn = matcher(all((s) => s.lambdaFunctions), stacks, environment, parameterNames);
  const table = matcher(all((s) => s.dynamoTables), stacks, environment, parameterNames);
  const bucket = matcher(all((s) => s.buckets), stacks, environment, parameterNames);
  const group = matcher(all((s) => s.logGroups), stacks, environment, parameterNames);
  const cluster = matcher(all((s) => s.auroraClusters.map((c) => ({ ...c, name: c.id }))), stacks, environment, parameterNames);
  const liveGroups = all((s) => s.logGroups);
  // The group Lambda made for a function (no stack owns it): found through the function's own match.
  const functionGroup = (g: AccountSnapshot['logGroups'][number]) => {
    const owner = template.lambdaFunctions.find((f) => f.template?.logicalId === g.template?.logicalId && f.logging.logGroup === g.name);
    const live = owner ? fn(owner) : undefined;
    const name = live ? (live.logging.logGroup ?? `/aws/lambda/${live.name}`) : null;
    return name ? liveGroups.find((lg) => lg.name === name) : undefined;
  };
  return {
    ...template,
    lambdaFunctions: template.lambdaFunctions.map((f) => {
      const live = fn(f);
      return live?.usage ? { ...f, usage: live.usage } : f;
    }),
    dynamoTables: template.dynamoTables.map((t) => {
      const live = table(t);
      return live ? { ...t, itemCount: live.itemCount, sizeBytes: live.sizeBytes, ...(live.usage ? { usage: live.usage } : {}) } : t;
    }),
    buckets: template.buckets.map((b) => {
      const live = bucket(b);
      return live?.usage ? { ...b, usage: live.usage } : b;
    }),
    logGroups: template.logGroups.map((g) => {
      const live = group(g) ?? functionGroup(g);
      return live ? { ...g, storedBytes: live.storedBytes, ...(live.usage ? { usage: live.usage } : {}) } : g;
    }),
    auroraClusters: template.auroraClusters.map((c) => {
      const live = cluster({ name: c.id, template: c.template });
      return live ? { ...c, engineMinAcuSupported: live.engineMinAcuSupported, engineMaxAcuSupported: live.engineMaxAcuSupported, ...(live.usage ? { usage: live.usage } : {}) } : c;
    }),
  };
}
