/**
 * A zip function's current code: GetFunction gives a presigned Code.Location; the package is
 * downloaded from there. Used at plan time (x86-64 scan) and at apply time (redeploy as arm64).
 */
import { createHash } from 'node:crypto';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import type { ClientFactory } from '../../aws/clients.js';
import type { LambdaFunction } from '../../inventory/snapshot.js';
import type { CodeInspection } from '../types.js';
import { findX86Binaries } from './elf-scan.js';

/** Lambda's limit for a zip uploaded directly (ZipFile): 50 MB; larger packages go through S3. GetAccountSettings reports it as CodeSizeZipped. */
export const DIRECT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Lambda's CodeSha256 (base64 SHA-256) as hex. */
export const sha256Hex = (codeSha256: string): string => Buffer.from(codeSha256, 'base64').toString('hex');

/** The package's SHA-256 as Lambda reports it (base64). */
export const codeSha256Of = (zip: Buffer): string => createHash('sha256').update(zip).digest('base64');

/** s3://BUCKET/clinnet-opt/<function>/<sha256>.zip: the same bytes always land on the same key. */
export const codeObjectKey = (functionName: string, codeSha256: string): string => `clinnet-opt/${functionName}/${sha256Hex(codeSha256)}.zip`;

export interface CodePackage {
  zip: Buffer;
  codeSha256: string | null;
}

export async function downloadFunctionCode(factory: ClientFactory, region: string | undefined, functionName: string): Promise<CodePackage> {
  const response = await factory.lambda(region).send(new GetFunctionCommand({ FunctionName: functionName }));
  const location = response.Code?.Location;
  if (response.Code?.ImageUri || response.Configuration?.PackageType === 'Image') throw new Error('container image functions cannot be redeployed from a zip');
  if (!location) throw new Error('GetFunction returned no code location');
  let body: ArrayBuffer;
  try {
    const download = await fetch(location);
    if (!download.ok) throw new Error(`HTTP ${download.status}`);
    body = await download.arrayBuffer();
  } catch (error) {
    throw new Error(`cannot download the function's code package (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return { zip: Buffer.from(body), codeSha256: response.Configuration?.CodeSha256 ?? null };
}

export function codeInspector(factory: ClientFactory): (fn: LambdaFunction) => Promise<CodeInspection> {
  return async (fn) => {
    try {
      const { zip } = await downloadFunctionCode(factory, fn.region, fn.name);
      return { x86Binaries: findX86Binaries(zip) };
    } catch (error) {
      return { x86Binaries: [], error: error instanceof Error ? error.message : String(error) };
    }
  };
}
