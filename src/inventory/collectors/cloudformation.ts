/**
 * CloudFormation: every stack of the region (DescribeStacks, paged), its resources (ListStackResources,
 * paged: logical ID → physical ID and type) and its template (GetTemplate): the Original stage for its
 * Transform, its NoEcho parameters and its AWS::Serverless::* resources, the Processed stage (SAM stacks
 * only: for any other the two stages are the same document) for the resources SAM generated. Template
 * bodies are read, outlined and dropped: never stored. A secret parameter keeps its name only.
 */
import { DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand, type Stack as CfnStack, type TemplateStage } from '@aws-sdk/client-cloudformation';
import { declarePermissions } from '../../aws/permissions.js';
import type { Stack, StackParameter, StackResource } from '../snapshot.js';
import { samSources, type DeployedResource } from '../stacks/sam-source.js';
import { readTemplateOutline, type TemplateOutline } from '../stacks/template-outline.js';
import { paginate, tagsFromList, Tasks, type Collection } from './context.js';

declarePermissions({
  source: 'collector:cloudformation',
  scope: 'audit',
  actions: ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources', 'cloudformation:GetTemplate'],
});

/** What DescribeStacks shows for a NoEcho parameter's value. */
export const MASKED_VALUE = '****';
const SECRET_NAME = /password|passwd|secret|token/i;
const SAM_TRANSFORM = /^AWS::Serverless-/;

/** A parameter's value is kept unless it is NoEcho (declared, or masked by DescribeStacks) or its name says it is a secret. */
export function stackParameter(key: string, value: string | undefined, declaredNoEcho: boolean): StackParameter {
  const noEcho = declaredNoEcho || value === MASKED_VALUE;
  return { key, value: noEcho || SECRET_NAME.test(key) || value === undefined ? null : value, noEcho };
}

export async function collectStacks(c: Collection, region: string): Promise<Stack[]> {
  const client = c.factory.cloudformation(region);
  const tasks = new Tasks<Stack>();

  const readResources = async (stackName: string): Promise<DeployedSummary[] | undefined> =>
    c.guard({ service: 'cloudformation', region, operation: 'ListStackResources', resource: stackName }, async () => {
      const resources: DeployedSummary[] = [];
      await paginate(
        (NextToken) => c.request(() => client.send(new ListStackResourcesCommand({ StackName: stackName, NextToken })), 'list'),
        (page) => page.NextToken,
        (page) => {
          for (const r of page.StackResourceSummaries ?? []) {
            if (!r.LogicalResourceId || r.ResourceStatus === 'DELETE_COMPLETE') continue;
            resources.push({ logicalId: r.LogicalResourceId, physicalId: r.PhysicalResourceId || null, type: r.ResourceType ?? 'unknown' });
          }
        },
      );
      return resources;
    });

  const readTemplate = async (stackName: string, stage: TemplateStage): Promise<TemplateOutline | null | undefined> =>
    c.guard({ service: 'cloudformation', region, operation: 'GetTemplate', resource: stackName }, async () => {
      const answer = await c.request(() => client.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: stage })));
      return answer.TemplateBody ? readTemplateOutline(answer.TemplateBody) : null;
    });

  const readStack = async (stack: CfnStack & { StackName: string }): Promise<Stack> => {
    const [resources, original] = await Promise.all([readResources(stack.StackName), readTemplate(stack.StackName, 'Original')]);
    const transforms = original?.transforms ?? [];
    const isSam = transforms.some((t) => SAM_TRANSFORM.test(t));
    const processed = isSam ? await readTemplate(stack.StackName, 'Processed') : undefined;
    return toStack(region, stack, resources ?? [], original ?? null, isSam ? processed ?? null : undefined);
  };

  await c.guard({ service: 'cloudformation', region, operation: 'DescribeStacks' }, () =>
    paginate(
      (NextToken) => c.request(() => client.send(new DescribeStacksCommand({ NextToken })), 'list'),
      (page) => page.NextToken,
      (page) => {
        for (const stack of page.Stacks ?? []) {
          if (!stack.StackName || stack.StackStatus === 'DELETE_COMPLETE') continue;
          tasks.add(readStack({ ...stack, StackName: stack.StackName }));
        }
      },
    ),
  );
  return tasks.settle();
}

interface DeployedSummary {
  logicalId: string;
  physicalId: string | null;
  type: string;
}

/**
 * The stack as the snapshot keeps it. `processed` is undefined for a stack without the SAM transform
 * (no samResource is recorded), null when the SAM stack's processed template could not be read (the
 * mapping then runs over the resources ListStackResources gave).
 */
export function toStack(region: string, stack: CfnStack & { StackName: string }, deployed: readonly DeployedSummary[], original: TemplateOutline | null, processed: TemplateOutline | null | undefined): Stack {
  const noEcho = new Set(original?.noEchoParameters ?? []);
  let sources: Map<string, string | null> | undefined;
  if (processed !== undefined && original) {
    const generated: DeployedResource[] = [
      ...Object.entries(processed?.resources ?? {}).map(([logicalId, r]) => ({ logicalId, type: r.type })),
      ...deployed.filter((d) => !processed?.resources[d.logicalId]),
    ];
    sources = samSources(original.resources, generated);
  }
  const resources: StackResource[] = deployed.map((d) => ({ ...d, ...(sources ? { samResource: sources.get(d.logicalId) ?? null } : {}) }));
  return {
    region,
    name: stack.StackName,
    id: stack.StackId ?? stack.StackName,
    status: stack.StackStatus ?? 'UNKNOWN',
    parameters: (stack.Parameters ?? []).filter((p) => p.ParameterKey).map((p) => stackParameter(p.ParameterKey as string, p.ParameterValue, noEcho.has(p.ParameterKey as string))),
    tags: tagsFromList(stack.Tags),
    capabilities: [...(stack.Capabilities ?? [])],
    transforms: original?.transforms ?? [],
    resources,
  };
}
