/** Hand-built ResolvedTemplate pieces for the template → snapshot tests (what resolve.ts hands over). */
import type { ResolvedResource, ResolvedTemplate, TemplateParameter, Unresolved } from '../../src/templates/types.js';

export const FILE = 'template.yaml';

export function resource(
  logicalId: string,
  type: string,
  properties: Record<string, unknown>,
  extra: Partial<Pick<ResolvedResource, 'line' | 'propertyLines' | 'propertyComments' | 'parameterRefs'>> = {},
): ResolvedResource {
  const built = {
    logicalId,
    type,
    line: extra.line ?? 10,
    properties,
    propertyLines: extra.propertyLines ?? {},
    propertyComments: extra.propertyComments ?? {},
    parameterRefs: extra.parameterRefs ?? {},
    propertySources: {},
    propertySourcePaths: {},
    condition: null,
  };
  return built as ResolvedResource;
}

export function unresolved(expression: string, reason = 'a resource attribute is known only after deployment'): Unresolved {
  return { unresolved: true, expression, reason };
}

export function parameter(name: string, extra: Partial<TemplateParameter> = {}): TemplateParameter {
  return { name, type: 'String', default: null, allowedValues: null, noEcho: false, line: 3, ...extra };
}

export function template(resources: ResolvedResource[], extra: Partial<ResolvedTemplate> = {}): ResolvedTemplate {
  const built = {
    file: FILE,
    parameters: { Environment: 'prod' },
    declaredParameters: [parameter('Environment', { allowedValues: ['dev', 'test', 'prod'], default: 'dev' })],
    conditions: {},
    sam: true,
    resources,
    notes: [],
    ...extra,
  };
  return built as ResolvedTemplate;
}
