/**
 * `migrate-dynamo --env ENV`: which of the account's tables are the design's services and users
 * tables, by the rules `audit` uses: the name matches the environment's `migrateToAurora` patterns,
 * and the table's environment (its environment tag, else an environment word in its name, else the
 * --env given) is ENV. A table told by tag or name is preferred over one that only takes --env
 * because it says nothing; two of the same strength are ambiguous.
 */
import { usageError } from '../errors.js';
import { matchesAny } from '../targets/glob.js';
import type { TargetProfile } from '../targets/design.js';
import type { Env } from '../targets/environment.js';
import { createEnvironmentResolver } from '../targets/environment-resolver.js';
import { emptySnapshot } from '../inventory/snapshot.js';
import { designTableOf, type DesignTable } from './design-tables.js';

export interface TableCandidate {
  name: string;
  tags: Record<string, string>;
}

const DESIGN_ORDER: DesignTable[] = ['services', 'users'];

function describe(candidate: TableCandidate, reading: { source: string; detail: string }): string {
  if (reading.source === 'tag') return `${candidate.name} (${reading.detail})`;
  if (reading.source === 'name') return `${candidate.name} (environment in its name)`;
  return `${candidate.name} (no environment tag or word: taken as --env)`;
}

/** The design tables of `env`, services first; a usage error (exit 2) when one is missing or ambiguous. */
export function pickDesignTables(candidates: TableCandidate[], env: Env, targets: TargetProfile): string[] {
  const patterns = targets.envs[env].dynamodb.migrateToAurora;
  const tagKey = targets.environmentTagKey;
  // The tables as ListTables/ListTagsOfResource read them: no stack here, so tag, name, then --env (the audit's order).
  const resolver = createEnvironmentResolver(emptySnapshot({ account: null, regions: [] }), {
    environments: targets.environments,
    tagKey,
    parameterNames: targets.environmentParameterNames,
    flagEnv: env,
  });
  const picked: string[] = [];
  for (const design of DESIGN_ORDER) {
    const matching = candidates
      .filter((c) => designTableOf(c.name) === design && matchesAny(c.name, patterns))
      .map((c) => ({ candidate: c, resolved: resolver.read(c) }))
      .filter((m) => m.resolved.name === env);
    const told = matching.filter((m) => m.resolved.source !== 'flag');
    const best = told.length ? told : matching;
    if (best.length === 1) {
      picked.push((best[0] as (typeof best)[number]).candidate.name);
      continue;
    }
    if (best.length === 0) {
      const seen = candidates.filter((c) => designTableOf(c.name) === design).map((c) => c.name);
      throw usageError(
        `no ${design} table of environment ${env} found (name matching ${patterns.join(', ')}, ${tagKey} tag or name saying ${env})` +
          `${seen.length ? `; ${design} tables seen: ${seen.join(', ')}` : ''}: name it with --table`,
      );
    }
    throw usageError(
      `more than one ${design} table of environment ${env}:\n${best.map((m) => `  ${describe(m.candidate, m.resolved)}`).join('\n')}\nname the one to migrate with --table`,
    );
  }
  return picked;
}
