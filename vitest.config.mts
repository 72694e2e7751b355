import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'
import { SUPPORT_TEST_FILES } from './scripts/test-projects.mjs'

// No Electron binary is needed to test: `electron` resolves to a small stand-in that records what
// the app asks of it. Everything else (HTTP, keychain, browser) is real.
const electronStandIn = {
  find: /^electron(\/(main|renderer|common))?$/,
  replacement: resolve(import.meta.dirname, 'test/support/electron-stand-in.ts'),
}

/** Tests on Node, with `electron` resolving to the stand-in. */
const onNode = { environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 } as const

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: [electronStandIn] },
        test: {
          ...onNode,
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', ...SUPPORT_TEST_FILES],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.tsx'],
          setupFiles: ['test/renderer/setup.ts'],
          testTimeout: 15_000,
        },
      },
      {
        // The stand-in, the fake plex.tv and the layout check, each checked against what it
        // imitates or claims to find: counted apart from Plexkey's own tests.
        resolve: { alias: [electronStandIn] },
        test: { ...onNode, name: 'support', include: [...SUPPORT_TEST_FILES] },
      },
    ],
  },
})
