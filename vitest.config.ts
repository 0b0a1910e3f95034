import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // adapter tests run the real Slack and Discord libraries against local stand-ins; on slow CI machines
    // a start-up takes seconds, so the default 5 s would fail tests that are merely slow
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
