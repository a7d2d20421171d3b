/**
 * `audit --template FILE`: the template resolved once per environment (each allowed value of its
 * environment parameter, unless --parameter gives it) into the snapshot the rules read, audited as one
 * report with each run labelled by its environment. Offline: no AWS client is built, no credentials read.
 * No printing.
 *
 * A template holds no usage and no stored data: money that would rest on them is "usage data needed",
 * never a $0.00 made from an empty table or log group, unless --snapshot gives the deployed resources' usage.
 */
import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.js';
import type { AccountSnapshot, CoverageGap } from '../inventory/snapshot.js';
import type { Finding, RuleSettings } from '../rules/types.js';
import type { TargetProfile } from '../targets/design.js';
import { BUILTIN_ENVIRONMENTS, DEFAULT_ENVIRONMENT_PARAMETERS, normalizeEnv, type EnvironmentDef, type Env } from '../targets/environment.js';
import { environmentRuns } from '../templates/environments.js';
import { parseTemplate } from '../templates/parse.js';
import { resolveTemplate } from '../templates/resolve.js';
import { templateToSnapshot } from '../templates/to-snapshot.js';
import type { ResolvedTemplate } from '../templates/types.js';
import { buildAuditReport } from './build-report.js';
import { withUsageFrom } from './template-usage.js';
import { resolveRuleSelection } from './rule-selection.js';
import type { AuditReport, FailOn } from './types.js';

/** Where a template is audited when --region does not say: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1. */
export function templateRegion(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return given ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

export interface TemplateAuditRequest {
  file: string;
  /** --parameter values, already parsed. */
  parameters: Record<string, string>;
  region: string;
  targets: TargetProfile;
  settings?: RuleSettings;
  /** --env: only the run of this environment. */
  env?: Env;
  rules?: string[];
  failOn: FailOn;
  /** The parameters that name the environment (default: the targets' environmentParameterNames). */
  environmentParameters?: readonly string[];
  /** The environments the targets know (default: the targets'); a run for another one is a coverage gap. */
  environments?: readonly EnvironmentDef[];
  collectedAt?: string;
  /** --snapshot with --template: deployed resources whose usage prices the template's findings. */
  usage?: readonly AccountSnapshot[];
}

export const TEMPLATE_USAGE_NEEDED = 'usage data needed: a template holds no usage or stored data (audit a snapshot, or the live account, for the figure)';

/**
 * A figure made only of zero quantities (a retention cut on a log group storing 0 bytes, storage of an empty
 * table) comes from what a template cannot know, not from a measurement: it is unpriced, and says so.
 */
export function withoutTemplateMoney(input: Finding): Finding {
  if (!input.template) return input;
  // A live audit's advice to read metrics means nothing for a file: the metrics come with a snapshot of the deployed account.
  const finding = input.message.includes('collect with --metrics-days')
    ? { ...input, message: input.message.replace('collect with --metrics-days', 'a template has no metrics: give --snapshot FILE of the deployed account') }
    : input;
  if (finding.monthlyDeltaUsd === null || !finding.costLines.length) return finding;
  if (!finding.costLines.every((line) => line.quantity === 0)) return finding;
  return { ...finding, monthlyDeltaUsd: null, costLines: [], message: `${finding.message}; ${TEMPLATE_USAGE_NEEDED}` };
}

async function readTemplate(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw usageError(`--template ${file}: no such file`);
    if (code === 'EISDIR') throw usageError(`--template ${file}: is a directory, not a template file`);
    throw usageError(`--template ${file}: cannot be read (${code ?? String(error)})`);
  }
}

/** CloudFormation refuses a parameter the template does not declare, and a value outside AllowedValues: so does --parameter. */
function checkParameters(declared: readonly { name: string; allowedValues: readonly string[] | null }[], given: Record<string, string>, file: string): void {
  for (const [name, value] of Object.entries(given)) {
    const parameter = declared.find((p) => p.name === name);
    if (!parameter) throw usageError(`--parameter ${name}: ${file} declares no such parameter (it declares ${declared.map((p) => p.name).join(', ') || 'none'})`);
    if (parameter.allowedValues && !parameter.allowedValues.includes(value)) {
      throw usageError(`--parameter ${name}=${value}: not one of the template's AllowedValues (${parameter.allowedValues.join(', ')})`);
    }
  }
}

/** What the resolver assumed (an unknown condition taken as false, an unsupported Globals key): coverage gaps of the run. */
function noteGaps(resolved: ResolvedTemplate, region: string): CoverageGap[] {
  return resolved.notes.map((note) => ({ service: 'cloudformation', region, operation: 'template', kind: 'error' as const, resource: resolved.file, error: `${resolved.file}: ${note}` }));
}

/** A run whose environment value the targets do not know: its resources are judged by no rule, and the report says why. */
function unknownEnvironmentGap(file: string, environment: string | null, region: string, known: readonly EnvironmentDef[]): CoverageGap[] {
  if (environment === null || normalizeEnv(environment, known)) return [];
  return [
    {
      service: 'cloudformation',
      region,
      operation: 'template',
      kind: 'error',
      resource: file,
      error: `${file}: the run for environment "${environment}" has no design targets (not an environment the targets know), so no rule judged its resources; add it to the config's environments, or audit another value with --parameter`,
    },
  ];
}

export interface TemplateRunSnapshot {
  environment: string | null;
  snapshot: AccountSnapshot;
}

/** The snapshots of a template, one per environment run (pure but for reading the file). */
export async function templateSnapshots(request: Omit<TemplateAuditRequest, 'targets' | 'failOn' | 'rules' | 'settings'>): Promise<TemplateRunSnapshot[]> {
  const parsed = parseTemplate(await readTemplate(request.file), request.file);
  checkParameters(parsed.parameters, request.parameters, request.file);
  const names = request.environmentParameters ?? DEFAULT_ENVIRONMENT_PARAMETERS;
  const runs = environmentRuns(parsed, request.parameters, names);
  const wanted = request.env;
  // A template without an environment parameter is one run: --env then names its environment, as for an untagged account.
  const known = request.environments ?? BUILTIN_ENVIRONMENTS;
  const selected = wanted && runs.some((run) => run.environment !== null) ? runs.filter((run) => normalizeEnv(run.environment, known) === wanted) : runs;
  if (wanted && !selected.length) {
    const offered = runs.map((run) => run.environment ?? '(none)').join(', ');
    throw usageError(`--env ${wanted}: ${request.file} has no run for it (its environment values: ${offered}); drop --env or give --parameter with the template's value`);
  }
  return selected.map((run) => {
    const resolved = resolveTemplate(parsed, run.parameters, { region: request.region });
    const built = templateToSnapshot(resolved, { environment: run.environment, region: request.region, collectedAt: request.collectedAt });
    const snapshot = request.usage?.length ? withUsageFrom(built, request.usage, run.environment, names) : built;
    const gaps = [...snapshot.coverageGaps, ...noteGaps(resolved, request.region), ...unknownEnvironmentGap(request.file, run.environment, request.region, known)];
    return { environment: run.environment, snapshot: { ...snapshot, coverageGaps: gaps } };
  });
}

export async function runTemplateAudit(request: TemplateAuditRequest): Promise<AuditReport> {
  const ruleIds = resolveRuleSelection(request.rules);
  const runs = await templateSnapshots({
    ...request,
    environmentParameters: request.environmentParameters ?? request.targets.environmentParameterNames,
    environments: request.environments ?? request.targets.environments,
  });
  return buildAuditReport({
    sources: runs.map((run) => ({ file: request.file, snapshot: run.snapshot })),
    targets: request.targets,
    settings: request.settings,
    env: request.env,
    ruleIds,
    failOn: request.failOn,
    dedupe: false,
    reviseFinding: withoutTemplateMoney,
  });
}
