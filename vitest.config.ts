import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on distinct loopback addresses; files run in parallel
    // workers, so each file picks its own 127.x.y.z range (see test/helpers/addresses.ts).
    pool: 'forks',
  },
});
