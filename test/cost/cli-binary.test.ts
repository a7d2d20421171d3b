/**
 * The built binary (bin/clinnet-opt → dist/cli.js, so src/cli.ts's own error mapping) against a
 * local stand-in for Cost Explorer's JSON API: every exit code a cron job can see.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AFTER_MET, MAY_BEFORE, answer, result, tempDir } from './harness.js';
import { emptyAmounts } from '../../src/cost/cost-table.js';
import { withoutNodeNotice } from '../cli/built-cli.js';

const BIN = resolve(import.meta.dirname, '../../bin/clinnet-opt');
let server: Server;
let endpoint: string;
let dir: string;
/** What the stand-in answers next: a Cost Explorer body, or an error type. */
let reply: { status: number; body: unknown } = { status: 200, body: {} };
let targets: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      targets.push(String(req.headers['x-amz-target']));
      res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  dir = tempDir();
  targets = [];
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, 'cost-report', ...args],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          NO_COLOR: '1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_REGION: 'us-east-1',
          AWS_ENDPOINT_URL_COST_EXPLORER: endpoint,
        },
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr: withoutNodeNotice(stderr) }),
    );
  });
}

function baselineFile(): string {
  const categories = emptyAmounts();
  for (const [service, , amount] of MAY_BEFORE) {
    const id = ({ 'Amazon Relational Database Service': 'aurora', 'AWS Lambda': 'lambda', 'Amazon Simple Storage Service': 's3', 'EC2 - Other': 'dataTransfer', AmazonCloudWatch: 'cloudwatch', 'Amazon DynamoDB': 'dynamodb', 'Amazon CloudFront': 'cloudfront', 'Amazon API Gateway': 'apiGateway' } as const)[service as 'AWS Lambda'] ?? 'other';
    categories[id] += amount;
  }
  const file = join(dir, 'baseline.json');
  writeFileSync(
    file,
    JSON.stringify({ kind: 'clinnet-opt/cost-baseline', schemaVersion: 1, savedAt: '2024-05-02T00:00:00Z', env: null, metric: 'UnblendedCost', period: { start: '2024-04-01', end: '2024-05-01', label: '2024-04' }, days: 30, monthlyFactor: 1, estimated: false, unit: 'USD', categories, total: 800 }),
  );
  return file;
}

// A month long closed whatever today is (the binary reads the real clock).
const MAY = ['--period', '2024-05', '--no-cache'];

describe('the built clinnet-opt cost-report', () => {
  it('exit 0: every target met', async () => {
    reply = { status: 200, body: answer([result('2025-05-01', '2025-06-01', AFTER_MET)]) };
    const r = await run([...MAY, '--baseline', baselineFile()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Every target checked is met/);
    expect(targets).toEqual(['AWSInsightsIndexService.GetCostAndUsage']);
  });

  it('exit 1: targets missed (the overall target needs --env, so it is not checked here)', async () => {
    reply = { status: 200, body: answer([result('2025-05-01', '2025-06-01', MAY_BEFORE)]) };
    const r = await run([...MAY, '--baseline', baselineFile(), '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^clinnet-opt: 5 cost target\(s\) missed: Aurora, Lambda, S3, Data Transfer, CloudWatch\n$/);
  });

  it('exit 2: a corrupt baseline, before any request', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, 'not json');
    const r = await run([...MAY, '--baseline', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: not a cost baseline \(not JSON\)/);
    expect(targets).toEqual([]);
  });

  it('exit 3: Cost Explorer not enabled', async () => {
    reply = { status: 400, body: { __type: 'DataUnavailableException', Message: 'Data is not available. Please try to adjust the time period.' } };
    const r = await run(MAY);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Cost Explorer has no data for this account: enable it once/);
  });

  it('exit 3: AccessDenied', async () => {
    reply = { status: 400, body: { __type: 'AccessDeniedException', Message: 'User: arn:aws:iam::123456789012:user/cron is not authorized to perform: ce:GetCostAndUsage' } };
    const r = await run(MAY);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/grant ce:GetCostAndUsage/);
  });
});
