import { defineConfig } from 'vitest/config';

// Benchmarks print figures and ratios; they are run with `npm run bench`, never by `npm test`.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['verbose'],
    // As in vitest.config.ts: the SDK's Node 22 notice is not a figure of the benchmark.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
