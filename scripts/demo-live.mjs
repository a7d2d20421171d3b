#!/usr/bin/env node
// `npm run demo:live`: the tool against an emulated account. Starts moto_server on a free port, seeds
// the Clinnet-like account of test/e2e/seed.ts, audits it with the built CLI, then stops the emulator.
// Extra arguments go to `audit` (npm run demo:live -- --format markdown).
// `--keep` leaves the seeded account running after the audit and prints the `export` lines that point
// the CLI (or the AWS CLI) at it, so that `fix`, `rollback` and `validate` can be tried on it; Ctrl-C stops it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setInterval } from 'node:timers';
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

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const auditArgs = args.filter((arg) => arg !== '--keep');

const moto = await startMoto();
let stopping;
const stop = () => (stopping ??= moto.stop());
let code;
let interrupted = false;
let kept = false;
// Ctrl-C: stop the emulator, then leave. In --keep mode that is how the playground ends, not an error.
const onSignal = (signal) => {
  interrupted = true;
  stop().then(() => process.exit(keep ? 0 : signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  const env = { ...process.env, ...motoEnv(moto.endpoint) };
  // The seed uses the SDK in this process: it reads the endpoint and fake credentials from env too.
  Object.assign(process.env, motoEnv(moto.endpoint));
  const seeded = await seedAccount(new ClientFactory({ defaultRegion: 'us-east-1', maxAttempts: 1 }), moto.endpoint);
  process.stderr.write(
    `demo:live: moto_server at ${moto.endpoint}, seeded ${seeded.prod.functions.length + seeded.dev.functions.length} functions, 2 Aurora clusters, 6 tables, 6 buckets, 2 VPCs, 2 distributions (dev and prod)\n`,
  );
  code = await run(['audit', '--fail-on', 'none', ...auditArgs], env);
  if (keep && !interrupted) {
    const vars = motoEnv(moto.endpoint);
    process.stderr.write('\ndemo:live: the emulated account stays up until you press Ctrl-C. In another terminal, point the tool at it:\n\n');
    process.stdout.write(
      [
        `export AWS_ENDPOINT_URL=${vars.AWS_ENDPOINT_URL}`,
        `export AWS_REGION=${vars.AWS_REGION}`,
        `export AWS_ACCESS_KEY_ID=${vars.AWS_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=${vars.AWS_SECRET_ACCESS_KEY} AWS_MAX_ATTEMPTS=${vars.AWS_MAX_ATTEMPTS}`,
      ].join('\n') + '\n',
    );
    process.stderr.write('\nthen try `node bin/clinnet-opt fix --env dev`, the same with --apply, `rollback JOURNAL` and `validate --env prod` (README.md: "A playground").\n');
    kept = true;
    // Until a signal ends the process (the timer keeps Node's event loop alive meanwhile).
    await new Promise(() => setInterval(() => {}, 1 << 30));
  }
} finally {
  if (!kept) await stop();
}
process.exitCode = code;
