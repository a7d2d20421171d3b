/**
 * A layer that lists no architectures is judged by its content: GetLayerVersion (by ARN) gives a presigned
 * Content.Location, the collector downloads the zip from there (a local HTTP server here) and scans it for
 * native x86-64 code with the function package's scanner; the result lands on the layer in the snapshot.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetFunctionCommand, GetLayerVersionByArnCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/inventory/collect.js';
import { scanLayerContent } from '../../src/inventory/collectors/layer-content.js';
import { AccountSnapshot } from '../../src/inventory/snapshot.js';
import { EM_AARCH64, EM_X86_64, elfBinary, makeZip } from '../support/fake-account/zip-writer.js';
import { mockAllClients, serviceError, testFactory, type MockedAccount } from './support/mock-clients.js';

const PURE_PYTHON = makeZip({
  'python/lib/python3.12/site-packages/requests/__init__.py': '__version__ = "2.32.3"\n',
  'python/lib/python3.12/site-packages/requests/api.py': 'def get(url, **kw):\n    pass\n',
  'python/lib/python3.12/site-packages/certifi/cacert.pem': '-----BEGIN CERTIFICATE-----\n',
});
const NATIVE = makeZip({
  'python/lib/python3.12/site-packages/psycopg2/__init__.py': 'from psycopg2._psycopg import connect\n',
  'python/lib/python3.12/site-packages/psycopg2/_psycopg.cpython-312-x86_64-linux-gnu.so': elfBinary(EM_X86_64),
  'python/lib/python3.12/site-packages/other/_speedups.cpython-312-aarch64-linux-gnu.so': elfBinary(EM_AARCH64),
});

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    hits.push(path);
    if (path === '/pure.zip') return res.writeHead(200, { 'content-type': 'application/zip' }).end(PURE_PYTHON);
    if (path === '/native.zip') return res.writeHead(200, { 'content-type': 'application/zip' }).end(NATIVE);
    if (path === '/denied.zip') return res.writeHead(403, { 'content-type': 'application/xml' }).end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    if (path === '/text.zip') return res.writeHead(200).end('this is not a zip file, only some text in its place');
    if (path === '/streamed.zip') {
      // No content-length: the cap applies while reading.
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.write(NATIVE);
      return res.end(NATIVE);
    }
    res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  hits.length = 0;
});

// Presigned-looking: the query string is a signature and must never be echoed in a reason.
const url = (path: string) => `${base}${path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=deadbeefsecret`;

describe('scanLayerContent', () => {
  it('architecture-neutral content: no native x86-64 code, files counted', async () => {
    expect(await scanLayerContent({ location: url('/pure.zip'), codeSize: PURE_PYTHON.length })).toEqual({
      nativeX8664: false,
      filesScanned: 3,
      reason: 'no native x86-64 code in its 3 files',
    });
  });

  it('an x86-64 ELF shared object is native x86-64 code, named; an aarch64 one is not', async () => {
    expect(await scanLayerContent({ location: url('/native.zip'), codeSize: NATIVE.length })).toEqual({
      nativeX8664: true,
      x86Binaries: ['python/lib/python3.12/site-packages/psycopg2/_psycopg.cpython-312-x86_64-linux-gnu.so'],
      reason: 'native x86-64 code: python/lib/python3.12/site-packages/psycopg2/_psycopg.cpython-312-x86_64-linux-gnu.so',
    });
  });

  it('unreadable content is unknown, with the reason, never neutral', async () => {
    const cases: [Parameters<typeof scanLayerContent>[0], number | undefined, string][] = [
      [{ location: url('/denied.zip'), codeSize: 100 }, undefined, 'download failed (HTTP 403 AccessDenied)'],
      [{ location: url('/missing.zip'), codeSize: 100 }, undefined, 'download failed (HTTP 404 NoSuchKey)'],
      [{ location: url('/text.zip'), codeSize: 100 }, undefined, 'not a readable zip (not a zip file (no end of central directory))'],
      [{ location: undefined, codeSize: 100 }, undefined, 'GetLayerVersion returned no content location'],
      [{ location: url('/pure.zip'), codeSize: 300 * 1024 * 1024 }, undefined, 'the content is 300.0 MB, above the 100.0 MB the audit downloads to scan'],
      [{ location: url('/streamed.zip'), codeSize: undefined }, NATIVE.length, `the content is more than ${(NATIVE.length / 1048576).toFixed(1)} MB, above the ${(NATIVE.length / 1048576).toFixed(1)} MB the audit downloads to scan`],
    ];
    for (const [content, max, reason] of cases) {
      const scan = await scanLayerContent(content, max);
      expect(scan, reason).toEqual({ nativeX8664: null, reason });
      expect(scan.reason).not.toContain('deadbeef');
    }
    // The size in CodeSize is checked before any download.
    expect(hits).not.toContain('/pure.zip');
  });

  it('a server that cannot be reached is a failed download', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const scan = await scanLayerContent({ location: `http://127.0.0.1:${port}/layer.zip?X-Amz-Signature=deadbeefsecret`, codeSize: 10 });
    expect(scan).toEqual({ nativeX8664: null, reason: expect.stringMatching(/^download failed \(fetch failed: .*ECONNREFUSED/) });
    expect(scan.reason).not.toContain('deadbeef');
  });
});

describe('the Lambda collector reads the content of a layer that lists no architectures', () => {
  let aws: MockedAccount;
  const LAYER = (name: string) => `arn:aws:lambda:us-east-1:123456789012:layer:${name}:1`;
  const layers: Record<string, { CompatibleArchitectures?: string[]; Content?: { Location?: string; CodeSize?: number } } | 'denied'> = {};
  const fnConfig = (name: string, layerNames: string[]) => ({
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    Runtime: 'python3.12' as const,
    PackageType: 'Zip' as const,
    Architectures: ['x86_64' as const],
    MemorySize: 256,
    Timeout: 30,
    CodeSize: 1000,
    Layers: layerNames.map((n) => ({ Arn: LAYER(n), CodeSize: 1000 })),
  });

  beforeEach(() => {
    aws = mockAllClients();
    Object.assign(layers, {
      'common-utils': { CompatibleArchitectures: [], Content: { Location: url('/pure.zip'), CodeSize: PURE_PYTHON.length } },
      psycopg2: { Content: { Location: url('/native.zip'), CodeSize: NATIVE.length } },
      expired: { CompatibleArchitectures: [], Content: { Location: url('/denied.zip'), CodeSize: 100 } },
      listed: { CompatibleArchitectures: ['x86_64', 'arm64'], Content: { Location: url('/native.zip'), CodeSize: NATIVE.length } },
      vendor: 'denied',
    });
    const functions = [
      fnConfig('clinnet-patients-prod', ['common-utils', 'listed']),
      fnConfig('clinnet-reports-prod', ['common-utils', 'psycopg2']),
      fnConfig('clinnet-ai-prod', ['expired', 'vendor']),
    ];
    aws.lambda.on(ListFunctionsCommand).resolves({ Functions: functions });
    aws.lambda.on(GetFunctionCommand).callsFake((input: { FunctionName: string }) => ({ Configuration: functions.find((f) => f.FunctionName === input.FunctionName), Tags: { Environment: 'prod' } }));
    aws.lambda.on(GetLayerVersionByArnCommand).callsFake((input: { Arn: string }) => {
      const layer = layers[input.Arn.split(':')[6]];
      if (layer === 'denied') throw serviceError('AccessDeniedException', 403, 'User is not authorized to perform: lambda:GetLayerVersion');
      return { LayerVersionArn: input.Arn, Version: 1, CompatibleRuntimes: ['python3.12'], ...layer };
    });
  });
  afterEach(() => aws.restore());

  it('stores the scan on the layer record, downloads each layer once, and only layers that list no architectures', async () => {
    const snapshot = await collectSnapshot(testFactory(), { regions: ['us-east-1'] });
    expect(() => AccountSnapshot.parse(snapshot)).not.toThrow();
    const layersOf = (name: string) => snapshot.lambdaFunctions.find((f) => f.name === name)?.layers;
    expect(layersOf('clinnet-patients-prod')).toEqual([
      { arn: LAYER('common-utils'), compatibleArchitectures: [], contentScan: { nativeX8664: false, filesScanned: 3, reason: 'no native x86-64 code in its 3 files' } },
      { arn: LAYER('listed'), compatibleArchitectures: ['x86_64', 'arm64'] },
    ]);
    expect(layersOf('clinnet-reports-prod')).toEqual([
      { arn: LAYER('common-utils'), compatibleArchitectures: [], contentScan: { nativeX8664: false, filesScanned: 3, reason: 'no native x86-64 code in its 3 files' } },
      {
        arn: LAYER('psycopg2'),
        compatibleArchitectures: [],
        contentScan: { nativeX8664: true, x86Binaries: ['python/lib/python3.12/site-packages/psycopg2/_psycopg.cpython-312-x86_64-linux-gnu.so'], reason: expect.stringMatching(/^native x86-64 code: /) },
      },
    ]);
    // Content denied: unknown with the reason; GetLayerVersion denied: unreadable, a coverage gap.
    expect(layersOf('clinnet-ai-prod')).toEqual([
      { arn: LAYER('expired'), compatibleArchitectures: [], contentScan: { nativeX8664: null, reason: 'download failed (HTTP 403 AccessDenied)' } },
      { arn: LAYER('vendor'), compatibleArchitectures: null },
    ]);
    expect(snapshot.coverageGaps).toEqual([expect.objectContaining({ service: 'lambda', operation: 'GetLayerVersionByArn', kind: 'access-denied' })]);
    expect(hits.sort()).toEqual(['/denied.zip', '/native.zip', '/pure.zip']);
    expect(aws.lambda.commandCalls(GetLayerVersionByArnCommand)).toHaveLength(5);
    expect(JSON.stringify(snapshot)).not.toContain('X-Amz-Signature');
  });
});
