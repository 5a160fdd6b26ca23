import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'console/**/*.test.ts', 'widget/**/*.test.ts'],
    // Builds the console for the browser tests when its sources changed (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    // Store and lock suites talk to the machine's PostgreSQL and Redis; give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits 1 s by default: a page that reloads data, a platform that finishes a write,
    // can take longer on a loaded machine (CI on 2 cores). Only failing polls wait the longer time.
    expect: { poll: { timeout: 5_000 } },
    pool: 'forks',
  },
});
