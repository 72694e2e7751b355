import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// No Electron binary is needed to test: `electron` resolves to a small stand-in that records what
// the app asks of it. Everything else (HTTP, keychain, browser) is real.
const electronStandIn = {
  find: /^electron(\/(main|renderer|common))?$/,
  replacement: resolve(import.meta.dirname, 'test/support/electron-stand-in.ts'),
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: [electronStandIn] },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
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
    ],
  },
})
