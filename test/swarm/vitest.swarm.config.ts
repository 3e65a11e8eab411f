import { defineConfig } from 'vitest/config';

// `npm run test:swarm`: a real Docker Swarm on this machine (root, Debian's docker.io).
// Kept out of the default run: it starts a daemon, builds an image and takes minutes.
export default defineConfig({
  test: {
    include: ['test/swarm/**/*.swarm.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
