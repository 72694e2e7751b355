import { defineConfig } from 'vitest/config'

// `npm run test:electron` only: the built app on a real Electron binary (scripts/test-electron.sh).
// Its files end in .electron.ts, so the everyday suite (test/**/*.test.ts) never picks them up.
export default defineConfig({
  test: {
    name: 'electron',
    environment: 'node',
    include: ['test/electron/**/*.electron.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Electron at a time: they would share the keychain and the screen.
    fileParallelism: false,
  },
})
