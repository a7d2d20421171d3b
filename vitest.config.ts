import { configDefaults, defineConfig } from 'vitest/config';
import { motoOnPath } from './test/e2e/support/moto-server.js';

// CI asks for a JSON report beside the normal output (it prints "N passed, N failed" from it).
const jsonReport = process.env.CLINNET_TEST_JSON;

// The end-to-end tier (test/e2e) needs the moto emulator; without it, one line says it did not run.
const e2e = motoOnPath();
if (!e2e) process.stderr.write('test/e2e did not run: moto_server is not on PATH (pip install "moto[server]"; .ci/run requires it)\n');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: e2e ? configDefaults.exclude : [...configDefaults.exclude, 'test/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // In-process SDK clients print the SDK's "Node 22 from 2027" notice once per worker; the CLI
    // silences it in bin/clinnet-opt, and the test log should carry only what the tests say.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
