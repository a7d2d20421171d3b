#!/usr/bin/env node
// `npm run demo:live`: the tool against an emulated account. Starts moto_server on a free port, seeds
// the Clinnet-like account of test/e2e/seed.ts, audits it with the built CLI, then stops the emulator.
// Extra arguments go to `audit` (npm run demo:live -- --format markdown).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

// As bin/clinnet-opt does: the SDK's Node-22 notice is not about the account.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, so the compiled files resolve the project's node_modules.
const out = join(root, 'node_modules/.cache/clinnet-opt-demo-live');

/**
 * The seed is TypeScript shared with the e2e tests: transpile it as is, with every module it imports
 * by a relative path (followed here, so a new import in the seed needs no change to this script).
 */
function transpile(entries) {
  writeFileSync((mkdirSync(out, { recursive: true }), join(out, 'package.json')), '{ "type": "module" }\n');
  const pending = [...entries];
  const done = new Set();
  while (pending.length) {
    const file = pending.pop();
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(join(root, file), 'utf8');
    for (const [, specifier] of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      pending.push(join(dirname(file), `${specifier}.ts`));
    }
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 }, fileName: file });
    const target = join(out, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
}

function run(args, env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/clinnet-opt'), ...args], { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolveRun(code ?? 1));
  });
}

transpile(['test/e2e/seed.ts', 'test/e2e/support/moto-server.ts', 'src/aws/clients.ts']);
const { motoOnPath, startMoto, motoEnv } = await import(pathToFileURL(join(out, 'test/e2e/support/moto-server.js')).href);
const { seedAccount } = await import(pathToFileURL(join(out, 'test/e2e/seed.js')).href);
const { ClientFactory } = await import(pathToFileURL(join(out, 'src/aws/clients.js')).href);

if (!motoOnPath()) {
  process.stderr.write('demo:live: moto_server is not on PATH: pip install "moto[server]"\n');
  process.exit(2);
}

const moto = await startMoto();
const stop = () => moto.stop();
process.once('SIGINT', () => stop().then(() => process.exit(130)));
let code;
try {
  const env = { ...process.env, ...motoEnv(moto.endpoint) };
  // The seed uses the SDK in this process: it reads the endpoint and fake credentials from env too.
  Object.assign(process.env, motoEnv(moto.endpoint));
  const seeded = await seedAccount(new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 }), moto.endpoint);
  process.stderr.write(
    `demo:live: moto_server at ${moto.endpoint}, seeded ${seeded.prod.functions.length + seeded.dev.functions.length} functions, 2 Aurora clusters, 6 tables, 6 buckets, 2 VPCs, 2 distributions (dev and prod)\n`,
  );
  code = await run(['audit', '--fail-on', 'none', ...process.argv.slice(2)], env);
} finally {
  await stop();
}
process.exitCode = code;
