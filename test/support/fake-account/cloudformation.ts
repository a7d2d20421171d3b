/** Fake CloudFormation: the stacks seeded in state.stacks (none by default), paged as AWS pages them. */
import { awsError } from './errors.js';
import { page, type FakeState } from './state.js';

type Input = Record<string, unknown>;

export function cloudformationHandlers(state: FakeState): Record<string, (input: Input, region: string) => unknown> {
  const stacks = (region: string) => (state.stacks ?? []).filter((s) => s.region === region);
  const find = (region: string, name: unknown) => {
    const stack = stacks(region).find((s) => s.name === name || s.id === name);
    if (!stack) throw awsError('cloudformation', 'ValidationError', `Stack with id ${String(name)} does not exist`, 400);
    return stack;
  };
  return {
    DescribeStacks: (input, region) => {
      const { items, next } = page(state, stacks(region), input.NextToken as string | undefined);
      return {
        Stacks: items.map((s) => ({
          StackName: s.name,
          StackId: s.id,
          StackStatus: s.status ?? 'CREATE_COMPLETE',
          CreationTime: new Date('2026-01-01T00:00:00Z'),
          Parameters: Object.entries(s.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue: s.noEcho?.includes(ParameterKey) ? '****' : ParameterValue })),
          Tags: [],
          Capabilities: s.capabilities ?? [],
        })),
        NextToken: next,
      };
    },
    ListStackResources: (input, region) => {
      const stack = find(region, input.StackName);
      const { items, next } = page(state, stack.resources, input.NextToken as string | undefined);
      return {
        StackResourceSummaries: items.map((r) => ({ LogicalResourceId: r.logicalId, PhysicalResourceId: r.physicalId, ResourceType: r.type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date('2026-01-01T00:00:00Z') })),
        NextToken: next,
      };
    },
    GetTemplate: (input, region) => {
      const stack = find(region, input.StackName);
      const body = input.TemplateStage === 'Processed' ? stack.processedTemplate ?? stack.template : stack.template;
      return { TemplateBody: body, StagesAvailable: ['Original', 'Processed'] };
    },
  };
}
