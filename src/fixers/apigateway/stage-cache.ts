/** API Gateway stage cache cluster: UpdateStage patch operations on /cacheClusterEnabled and /cacheClusterSize. */
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { stageOf } from '../lookup.js';

interface StageCache {
  enabled: boolean;
  size: string | null;
}

function patch(cache: StageCache): JsonValue[] {
  const ops: JsonValue[] = [{ op: 'replace', path: '/cacheClusterEnabled', value: String(cache.enabled) }];
  if (cache.enabled && cache.size) ops.push({ op: 'replace', path: '/cacheClusterSize', value: cache.size });
  return ops;
}

export const apigatewayStageCacheFixer = defineFixer({
  rule: 'apigateway/stage-cache',
  permissions: ['apigateway:GET', 'apigateway:PATCH'],
  async plan(finding, snapshot) {
    const found = stageOf(snapshot, finding);
    const restApiId = found?.api.id ?? finding.resourceName.split('/')[0];
    const stageName = found?.stage.name ?? finding.resourceName.split('/')[1] ?? finding.resourceName;
    const before = { enabled: finding.current.enabled, size: finding.current.enabled ? finding.current.size : null };
    const after = { enabled: finding.target.enabled, size: finding.target.enabled ? finding.target.size : null };
    return [
      {
        attribute: 'CacheCluster',
        operation: 'apigateway:UpdateStage',
        input: { restApiId, stageName, patchOperations: patch(after) },
        before,
        after,
        undo: { operation: 'apigateway:UpdateStage', input: { restApiId, stageName, patchOperations: patch(before) } },
        templateProperty: 'AWS::ApiGateway::Stage.CacheClusterEnabled / CacheClusterSize',
        notes: after.enabled ? ['a stage cache cluster is billed per hour while it exists, used or not'] : ['flushes and deletes the stage cache'],
      },
    ];
  },
});
