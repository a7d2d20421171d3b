/**
 * An account the tool could not read is never a pass, from the built binary: nothing listening at
 * the endpoint, an endpoint answering an HTML 500, keys the emulator refuses (moto with its key
 * check on), one service's endpoint down. Each is exit 3 with one line saying what was not read;
 * --allow-gaps accepts inventory gaps and every format then says "incomplete", never "meets its
 * design target". Impossible regions and missing profiles are exit 2 before any request.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/built-cli.js';
import { describeRun, runClinnet, STACK_FRAME, type CliRun } from './support/cli.js';
import { startMoto, type Moto } from './support/moto-server.js';

const PASS_WORDING = 'meets its design target';

let moto: Moto;
let motoWithKeyCheck: Moto;
let html500: Server;
let html500Endpoint: string;
let closedEndpoint: string;
let dir: string;

/** A port something listened on a moment ago and nothing listens on now. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  ensureBuilt();
  [moto, motoWithKeyCheck] = await Promise.all([startMoto(), startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '0' } })]);
  html500 = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<!doctype html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>');
  });
  await new Promise<void>((resolve) => html500.listen(0, '127.0.0.1', resolve));
  const address = html500.address();
  html500Endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  closedEndpoint = `http://127.0.0.1:${await closedPort()}`;
  dir = mkdtempSync(join(tmpdir(), 'clinnet-e2e-unread-'));
  // A HOME of our own: the machine's ~/.aws never decides a profile question here.
  writeFileSync(join(dir, 'credentials'), '[real]\naws_access_key_id = test\naws_secret_access_key = test\n');
  writeFileSync(join(dir, 'config'), '[profile nocreds]\nregion = us-east-1\n');
});
afterAll(async () => {
  html500?.close();
  await Promise.all([moto?.stop(), motoWithKeyCheck?.stop()]);
});

const HOME = () => ({ HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
const cli = (endpoint: string, args: string[], env: Record<string, string> = {}) => runClinnet(endpoint, args, { cwd: dir, env: { ...HOME(), ...env } });

/** Exit code, nothing on stdout, and exactly one line on stderr matching `line`. */
function expectOneLine(run: CliRun, status: number, line: RegExp): void {
  expect(run.status, describeRun(run)).toBe(status);
  expect(run.stdout, describeRun(run)).toBe('');
  expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
  expect(run.stderr.trimEnd().split('\n'), describeRun(run)).toHaveLength(1);
  expect(run.stderr.trimEnd(), describeRun(run)).toMatch(line);
  expect(run.stderr, describeRun(run)).not.toMatch(/unexpected error/);
}

const READERS = (out: string) => [['audit', '--fail-on', 'high'], ['fix', '--env', 'prod'], ['validate'], ['snapshot', '--out', out]];

describe('nothing could be read: exit 3, one line, no output', () => {
  it('nothing listening at the endpoint', async () => {
    const out = join(dir, 'closed.json');
    for (const args of READERS(out)) {
      expectOneLine(await cli(closedEndpoint, args), 3, /^clinnet-opt: account not read: cannot reach AWS: sts:GetCallerIdentity: Error: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+\)$/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('an endpoint answering an HTML 500 page', async () => {
    const out = join(dir, 'html.json');
    for (const args of READERS(out)) {
      expectOneLine(await cli(html500Endpoint, args), 3, /^clinnet-opt: account not read: AWS error: sts:GetCallerIdentity: the endpoint answered HTTP 500 with a body that is not an AWS error$/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('keys the service refuses (moto checking them: InvalidClientTokenId)', async () => {
    const out = join(dir, 'refused.json');
    const badKeys = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-the-secret' };
    for (const args of READERS(out)) {
      expectOneLine(
        await cli(motoWithKeyCheck.endpoint, args, badKeys),
        3,
        /^clinnet-opt: account not read: AWS refused the credentials: sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid; check the access keys or the profile/,
      );
    }
    expect(existsSync(out)).toBe(false);
    // cost-report, with no region set anywhere, meets the same refusal (not "Region is missing").
    const cost = await cli(motoWithKeyCheck.endpoint, ['cost-report'], { ...badKeys, AWS_REGION: '' });
    expectOneLine(cost, 3, /^clinnet-opt: AWS refused the credentials: .*InvalidClientTokenId/);
  });
});

describe("one service's inventory could not be listed (Lambda's endpoint down)", () => {
  const lambdaDown = () => ({ AWS_ENDPOINT_URL_LAMBDA: closedEndpoint });
  const notRead = /^clinnet-opt: the account: 1 service not read: lambda \(us-east-1 ListFunctions: Error: connect ECONNREFUSED [^)]*\); fix access, or pass --allow-gaps to accept an incomplete result$/;

  beforeAll(async () => moto.reset());

  it('audit, fix, validate and snapshot exit 3 naming the service, the region and the list, and write nothing', async () => {
    const out = join(dir, 'lambda-down.json');
    for (const args of READERS(out)) expectOneLine(await cli(moto.endpoint, args, lambdaDown()), 3, notRead);
    expect(existsSync(out)).toBe(false);
  });

  it('with --allow-gaps, every audit format says "incomplete: 1 service not read", never that the account meets its targets', async () => {
    const headline = 'incomplete: 1 service not read (lambda)';
    const run = (format: string) => cli(moto.endpoint, ['audit', '--allow-gaps', '--fail-on', 'none', '--format', format], lambdaDown());

    const table = await run('table');
    expect(table.status, describeRun(table)).toBe(0);
    expect(table.stdout.split('\n')[2], describeRun(table)).toMatch(/^incomplete: 1 service not read \(lambda\): /);
    expect(table.stdout).not.toContain(PASS_WORDING);

    const json = await run('json');
    expect(json.status, describeRun(json)).toBe(0);
    const summary = JSON.parse(json.stdout).summary;
    expect(summary.servicesNotRead).toEqual(['lambda']);
    expect(summary.headline).toMatch(/^incomplete: 1 service not read \(lambda\): /);
    expect(json.stdout).not.toContain(PASS_WORDING);
    expect(json.stderr).toContain(`clinnet-opt: ${headline}`);

    const markdown = await run('markdown');
    expect(markdown.stdout, describeRun(markdown)).toContain(`**${headline}`);
    expect(markdown.stdout).not.toContain(PASS_WORDING);

    const csv = await run('csv');
    const lastRow = csv.stdout.trimEnd().split('\r\n').at(-1) ?? '';
    expect(lastRow, describeRun(csv)).toMatch(/^\(incomplete\),(,){10}"?incomplete: 1 service not read \(lambda\)/);
    expect(csv.stdout).not.toContain(PASS_WORDING);
  });

  it('snapshot --allow-gaps records the gap; auditing that file needs --allow-gaps too', async () => {
    const file = join(dir, 'partial.json');
    const snap = await cli(moto.endpoint, ['snapshot', '--out', file, '--allow-gaps'], lambdaDown());
    expect(snap.status, describeRun(snap)).toBe(0);
    expect(snap.stderr).toMatch(/^incomplete: 1 service not read \(lambda\): the snapshot records these as coverage gaps$/m);
    expect(JSON.parse(readFileSync(file, 'utf8')).coverageGaps).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'lambda', operation: 'ListFunctions' })]));

    expectOneLine(await cli(moto.endpoint, ['audit', '--snapshot', file]), 3, new RegExp(`^clinnet-opt: snapshot ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 service not read: lambda `));
    const accepted = await cli(moto.endpoint, ['audit', '--snapshot', file, '--allow-gaps', '--fail-on', 'none']);
    expect(accepted.status, describeRun(accepted)).toBe(0);
    expect(accepted.stdout).toContain('incomplete: 1 service not read (lambda)');
  });

  it('validate --allow-gaps says the benchmarks cover only what was read', async () => {
    const run = await cli(moto.endpoint, ['validate', '--allow-gaps'], lambdaDown());
    expect(run.stderr, describeRun(run)).not.toMatch(STACK_FRAME);
    expect(run.stdout, describeRun(run)).toMatch(/^Incomplete: 1 service not read \(lambda\): benchmarks cover only what was read \(/m);
    expect(run.stdout).not.toContain('All benchmarks met');
  });

  it('a gap in an optional read alone (moto lacks Lambda GetAccountSettings) is no reason to stop', async () => {
    const run = await cli(moto.endpoint, ['audit', '--fail-on', 'none']);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/lambda us-east-1 GetAccountSettings/);
    expect(run.stdout).not.toContain('incomplete');
  });
});

describe('what the user named wrongly is exit 2 before any request', () => {
  it('an impossible region, from --region or AWS_REGION, with the nearest valid names', async () => {
    for (const args of [['audit'], ['snapshot', '--out', join(dir, 'r.json')], ['validate'], ['fix', '--env', 'prod']]) {
      expectOneLine(await cli(closedEndpoint, [...args, '--region', 'mars-1']), 2, /^clinnet-opt: --region: "mars-1" is not an AWS region; nearest: [a-z]+-[a-z]+-\d, [a-z]+-[a-z]+-\d, [a-z]+-[a-z]+-\d$/);
      expectOneLine(await cli(closedEndpoint, [...args, '--region', 'us-east-1/../../x']), 2, /^clinnet-opt: --region: "us-east-1\/\.\.\/\.\.\/x" is not an AWS region; nearest: us-east-1, us-east-2, /);
    }
    expectOneLine(await cli(closedEndpoint, ['audit'], { AWS_REGION: 'mars-1' }), 2, /^clinnet-opt: AWS_REGION: "mars-1" is not an AWS region; nearest: /);
    expectOneLine(await cli(closedEndpoint, ['cost-report'], { AWS_REGION: 'mars-1' }), 2, /^clinnet-opt: AWS_REGION: "mars-1" is not an AWS region; nearest: /);
    // Both --region values are checked, not only the first.
    expectOneLine(await cli(closedEndpoint, ['fix', '--env', 'prod', '--region', 'us-east-1,mars-1']), 2, /"mars-1" is not an AWS region/);
  });

  it('a profile neither shared file defines, in every command that talks to AWS', async () => {
    const commands = [
      ['audit'],
      ['snapshot', '--out', join(dir, 'p.json')],
      ['validate'],
      ['fix', '--env', 'prod'],
      ['cost-report'],
      ['cost-report', 'budgets'],
      ['migrate-dynamo', 'schema', '--region', 'us-east-1'],
    ];
    const files = `${join(dir, 'config')} or ${join(dir, 'credentials')}`;
    for (const args of commands) {
      const run = await cli(closedEndpoint, [...args, '--profile', 'nosuch']);
      expectOneLine(run, 2, new RegExp(`^clinnet-opt: profile "nosuch" \\(--profile\\) not found in ${files.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    }
    expectOneLine(await cli(closedEndpoint, ['audit'], { AWS_PROFILE: 'nosuch' }), 2, /^clinnet-opt: profile "nosuch" \(AWS_PROFILE\) not found in /);
    // A profile with nothing to sign with is named too (exit 3: the credentials, not the command line).
    expectOneLine(await cli(closedEndpoint, ['audit', '--profile', 'nocreds'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }), 3, /^clinnet-opt: profile "nocreds" gave no credentials: /);
    // A profile that exists goes on to the account (here: nothing listening, exit 3).
    expectOneLine(await cli(closedEndpoint, ['audit', '--profile', 'real'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }), 3, /^clinnet-opt: account not read: cannot reach AWS/);
  });
});

describe('an endpoint override that is not a URL', () => {
  it('is exit 2 naming the variable, not an AWS error', async () => {
    expectOneLine(await cli('not-a-url', ['audit']), 2, /^clinnet-opt: AWS_ENDPOINT_URL: "not-a-url" is not an http\(s\) URL/);
    expectOneLine(await cli(moto.endpoint, ['cost-report'], { AWS_ENDPOINT_URL_S3: 'localhost:4566' }), 2, /^clinnet-opt: AWS_ENDPOINT_URL_S3: "localhost:4566" is not an http\(s\) URL/);
  });
});

describe('global services need no region', () => {
  it('cost-report without AWS_REGION calls Cost Explorer and STS (the account id keys the cache of a closed month)', async () => {
    await moto.reset();
    const run = await cli(moto.endpoint, ['cost-report', '--format', 'json', '--period', '2025-01'], { AWS_REGION: '' });
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stderr).not.toMatch(/Region is missing|unexpected error/);
    expect(JSON.parse(run.stdout)).toMatchObject({ requests: { costExplorer: 1 } });
    // The answer was cached under a key made with the account id, which only STS could give.
    expect(readdirSync(join(dir, '.cost-cache')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });
});
