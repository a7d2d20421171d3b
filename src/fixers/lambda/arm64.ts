/**
 * arm64 (Graviton) for zip functions: redeploy the function's own current code with
 * Architectures ['arm64']. Refused for container images, layers without arm64, packages holding
 * x86-64 native binaries, and when the package cannot be inspected (no guessing).
 */
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { lambdaOf } from '../lookup.js';
import type { ChangeDraft } from '../types.js';
import { functionNameOf } from './config-change.js';

export const lambdaArm64Fixer = defineFixer({
  rule: 'lambda/arm64',
  permissions: ['lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:GetLayerVersionByArn'],
  async plan(finding, snapshot, ctx) {
    const fn = lambdaOf(snapshot, finding);
    const name = functionNameOf(finding, snapshot);
    const before = finding.current as JsonValue;
    const after = finding.target as JsonValue;
    const draft: ChangeDraft = {
      attribute: 'Architectures',
      operation: 'lambda:UpdateFunctionCode',
      input: { FunctionName: name, Architectures: finding.target, Publish: false },
      before,
      after,
      undo: { operation: 'lambda:UpdateFunctionCode', input: { FunctionName: name, Architectures: finding.current, Publish: false } },
      templateProperty: 'AWS::Lambda::Function.Architectures',
      notes: ['redeploys the current code package unchanged; test the function on arm64 (native dependencies, timing)'],
    };
    const refuse = (reason: string): ChangeDraft[] => [{ ...draft, refused: reason }];
    if (!fn) return refuse('the function is not in the snapshot');
    if (fn.packageType === 'Image') return refuse('container image: rebuild the image for linux/arm64 and deploy it');
    const badLayers = fn.layers.filter((layer) => !layer.compatibleArchitectures?.includes('arm64'));
    if (badLayers.length) {
      const why = badLayers.map((l) => `${l.arn} (${l.compatibleArchitectures ? `lists ${l.compatibleArchitectures.join(', ') || 'no architectures'}` : 'unreadable'})`);
      return refuse(`layer does not list arm64: ${why.join('; ')}`);
    }
    if (!ctx.inspectLambdaCode) return refuse('the code package was not inspected (planned offline): plan against the live account');
    const inspection = await ctx.inspectLambdaCode(fn);
    if (inspection.error) return refuse(`the code package could not be inspected: ${inspection.error}`);
    if (inspection.x86Binaries.length) {
      const shown = inspection.x86Binaries.slice(0, 3).join(', ');
      const more = inspection.x86Binaries.length > 3 ? ` and ${inspection.x86Binaries.length - 3} more` : '';
      return refuse(`the package holds native x86-64 binaries: ${shown}${more}; rebuild them for arm64`);
    }
    return [draft];
  },
});
