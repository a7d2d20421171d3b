/** One emulated account per test file: the built CLI checked, moto started, the process pointed at it, a work folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientFactory } from '../../../src/aws/clients.js';
import { ensureBuilt } from '../../cli/built-cli.js';
import { motoEnv, startMoto, type Moto } from './moto-server.js';

export interface EmulatedAccount {
  moto: Moto;
  /** SDK clients on the emulator, one attempt (the tests' own reads and seeds). */
  f: ClientFactory;
  /** A fresh folder for plans, journals and snapshots. */
  dir: string;
}

export async function startEmulatedAccount(name: string): Promise<EmulatedAccount> {
  ensureBuilt();
  const moto = await startMoto();
  Object.assign(process.env, motoEnv(moto.endpoint));
  return { moto, f: new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 }), dir: mkdtempSync(join(tmpdir(), `clinnet-e2e-${name}-`)) };
}
