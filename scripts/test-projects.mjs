// The tests that check the test support itself rather than Plexkey: the Electron stand-in against
// what Electron does, the fake plex.tv against what plex.tv does, the layout check against pages
// made to fail it, and the summary of a run. vitest.config.mts runs them as a project of their
// own, and summarize-tests.mjs counts them apart, so that the product's count says how much of
// Plexkey itself was tested.
import { join, matchesGlob, relative, resolve } from 'node:path'

export const SUPPORT_TEST_FILES = [
  'test/app/electron-stand-in.test.ts',
  'test/fake-plex/**/*.test.ts',
  'test/e2e/layout-check.test.ts',
  'test/scripts/summarize-tests.test.ts',
]

const repoRoot = join(import.meta.dirname, '..')

/** Whether a test file (absolute, or relative to the working directory) tests the test support. */
export function isSupportTest(file) {
  const path = relative(repoRoot, resolve(file))
  return SUPPORT_TEST_FILES.some((pattern) => matchesGlob(path, pattern))
}
