import { defineConfig } from 'vitest/config';

// CI asks for a JSON report beside the normal output (it prints "N passed, N failed" from it).
const jsonReport = process.env.CLINNET_TEST_JSON;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
