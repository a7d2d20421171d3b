/**
 * A write AWS accepted whose read-back failed: the outcome is unknown, not failed. The journal
 * records it with the state before it; rollback reads the resource and restores that state.
 * A fault-injecting proxy in front of moto answers HTTP 500 to every GetFunctionConfiguration after
 * the first configuration update has gone through.
 */
import { join } from 'node:path';
import { GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { seedAccount } from './seed.js';
import { describeRun, runClinnet, STACK_FRAME } from './support/cli.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { readJournal } from './support/journal.js';
import { startEmulatedAccount } from './support/emulated-account.js';
import type { Moto } from './support/moto-server.js';

const CONFIG_PATH = /^\/2015-03-31\/functions\/[^/]+\/configuration$/;

let moto: Moto;
let proxy: FaultProxy;
let f: ClientFactory;
let dir: string;

beforeAll(async () => {
  ({ moto, f, dir } = await startEmulatedAccount('unknown'));
  await seedAccount(f, moto.endpoint);
  proxy = await startFaultProxy(moto.endpoint, {
    after: (req) => req.method === 'PUT' && CONFIG_PATH.test(req.url ?? ''),
    fail: (req) => req.method === 'GET' && CONFIG_PATH.test(req.url ?? ''),
  });
}, 240_000);
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const memoryOf = async (name: string): Promise<number | undefined> => (await f.lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).MemorySize;

describe('a write whose read-back failed', () => {
  it('is journaled unknown (exit 4), and rollback restores the state before it', async () => {
    const name = 'clinnet-patients-prod';
    const original = await memoryOf(name);
    const journal = join(dir, 'apply.jsonl');
    const apply = await runClinnet(proxy.endpoint, ['fix', '--env', 'prod', '--only', 'lambda/memory', '--resource', name, '--include-increases', '--apply', '--yes', '--journal', journal], { cwd: dir });
    expect(apply.status, describeRun(apply)).toBe(4);
    expect(apply.stderr).not.toMatch(STACK_FRAME);
    expect(apply.stderr).toMatch(/1 with an unknown outcome \(AWS may have made them\).*clinnet-opt rollback /);
    expect(proxy.faults()).toBeGreaterThan(0);
    // AWS did make the change: the tool must not claim otherwise.
    const changed = await memoryOf(name);
    expect(changed).not.toBe(original);
    const read = readJournal(journal);
    const outcome = read.outcomes.find((o) => o.change.rule === 'lambda/memory');
    expect(outcome?.outcome).toBe('unknown');
    expect(outcome?.error).toMatch(/lambda:UpdateFunctionConfiguration was sent, then: .*whether AWS made the change is unknown|was accepted, but reading MemorySize back failed/);

    proxy.disarm();
    const back = await runClinnet(proxy.endpoint, ['rollback', journal, '--yes', '--journal', join(dir, 'rollback.jsonl')], { cwd: dir });
    expect(back.status, describeRun(back)).toBe(0);
    expect(back.stdout).toMatch(/applied +lambda\/memory {2}clinnet-patients-prod {2}MemorySize/);
    expect(await memoryOf(name)).toBe(original);
  });

  it('rollback exits 1 naming an undo it skipped because the resource changed since the journal', async () => {
    const name = 'clinnet-patients-prod';
    const journal = join(dir, 'apply-2.jsonl');
    const apply = await runClinnet(moto.endpoint, ['fix', '--env', 'prod', '--only', 'lambda/memory', '--resource', name, '--include-increases', '--apply', '--yes', '--journal', journal], { cwd: dir });
    expect(apply.status, describeRun(apply)).toBe(0);
    // Someone else changes the function after the fix: rollback must not overwrite it, and must not call that success.
    await f.lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: 3000 }));
    const back = await runClinnet(moto.endpoint, ['rollback', journal, '--yes', '--journal', join(dir, 'rollback-2.jsonl')], { cwd: dir });
    expect(back.status, describeRun(back)).toBe(1);
    expect(back.stderr).toMatch(/1 undo\(s\) skipped, not restored: lambda\/memory clinnet-patients-prod MemorySize \(found 3000\)/);
    expect(await memoryOf(name)).toBe(3000);
  });
});
