/**
 * arm64 (Graviton) for zip functions: redeploy the function's own current code with
 * Architectures ['arm64']. Refused for container images, layers without arm64, packages holding
 * x86-64 native binaries, and when the package cannot be inspected (no guessing). A package above
 * Lambda's direct-upload limit goes through S3 when `--code-bucket` names a bucket, else is refused.
 * Served through an alias on a published version, the redeploy is published and the alias moved.
 */
import type { AccountSnapshot, LambdaFunction } from '../../inventory/snapshot.js';
import type { JsonValue } from '../../rules/types.js';
import { defineFixer } from '../define.js';
import { lambdaOf } from '../lookup.js';
import type { ChangeDraft, FixerContext } from '../types.js';
import { RELEASE_CODE, RESTORE_CODE, throughAlias } from './alias-route.js';
import { ALIAS_RELEASE_PERMISSIONS, functionNameOf } from './config-change.js';
import { codeObjectKey, DIRECT_UPLOAD_LIMIT_BYTES, megabytes } from './code-package.js';

/** Where the package goes: the request fields for ZipFile (none: the applier sends the bytes) or S3. */
function packageSource(fn: LambdaFunction | undefined, snapshot: AccountSnapshot, ctx: FixerContext): { fields: { [key: string]: JsonValue }; refused?: string; note?: string } {
  if (!fn) return { fields: {} };
  const limit = snapshot.lambdaAccountSettings.find((s) => s.region === fn.region)?.codeSizeZipped ?? DIRECT_UPLOAD_LIMIT_BYTES;
  if (fn.codeSizeBytes <= limit) return { fields: {} };
  const size = `the package is ${megabytes(fn.codeSizeBytes)}, above Lambda's ${megabytes(limit)} limit for a package uploaded directly (ZipFile)`;
  if (!ctx.codeBucket) return { fields: {}, refused: `${size}: pass --code-bucket BUCKET (in ${fn.region}) to redeploy it through S3` };
  if (!fn.codeSha256) return { fields: {}, refused: `${size}, and its CodeSha256 is unknown: take a new snapshot` };
  const key = codeObjectKey(fn.name, fn.codeSha256);
  const bucket = snapshot.buckets.find((b) => b.name === ctx.codeBucket);
  const fields = { S3Bucket: ctx.codeBucket, S3Key: key };
  if (bucket && bucket.region !== fn.region) return { fields, refused: `${size}; bucket ${ctx.codeBucket} is in ${bucket.region}, but Lambda reads code only from a bucket in the function's region (${fn.region})` };
  return { fields, note: `${size}: the same bytes are uploaded to s3://${ctx.codeBucket}/${key} (PutObject) and deployed from there; the object stays for the rollback` };
}

export const lambdaArm64Fixer = defineFixer({
  rule: 'lambda/arm64',
  permissions: ['lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:GetLayerVersion', 's3:PutObject', ...ALIAS_RELEASE_PERMISSIONS],
  billedEffect: () => ({ direction: 'lowers', quantity: 'GB-second price: arm64 is billed about 20% below x86_64' }),
  async plan(finding, snapshot, ctx) {
    const fn = lambdaOf(snapshot, finding);
    const name = functionNameOf(finding, snapshot);
    const before = finding.current as JsonValue;
    const after = finding.target as JsonValue;
    const source = packageSource(fn, snapshot, ctx);
    const base: ChangeDraft = {
      attribute: 'Architectures',
      operation: 'lambda:UpdateFunctionCode',
      input: { FunctionName: name, Architectures: finding.target, Publish: false, ...source.fields },
      before,
      after,
      undo: { operation: 'lambda:UpdateFunctionCode', input: { FunctionName: name, Architectures: finding.current, Publish: false, ...source.fields } },
      templateProperty: 'AWS::Lambda::Function.Architectures',
      notes: ['redeploys the current code package unchanged; test the function on arm64 (native dependencies, timing)', ...(source.note ? [source.note] : [])],
    };
    const draft = fn ? throughAlias(base, fn, 'Architectures', RELEASE_CODE, RESTORE_CODE) : base;
    const refuse = (reason: string): ChangeDraft[] => [{ ...draft, refused: reason }];
    if (!fn) return refuse('the function is not in the snapshot');
    if (fn.packageType === 'Image') return refuse('container image: rebuild the image for linux/arm64 and deploy it');
    const badLayers = fn.layers.filter((layer) => !layer.compatibleArchitectures?.includes('arm64'));
    if (badLayers.length) {
      const why = badLayers.map((l) => `${l.arn} (${l.compatibleArchitectures ? `lists ${l.compatibleArchitectures.join(', ') || 'no architectures'}` : 'unreadable'})`);
      return refuse(`layer does not list arm64: ${why.join('; ')}`);
    }
    if (source.refused) return refuse(source.refused);
    if (draft.refused) return [draft];
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
