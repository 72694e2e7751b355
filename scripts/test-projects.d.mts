/** Globs, from the repository root, of the test files that test the test support itself. */
export declare const SUPPORT_TEST_FILES: readonly string[]

/** Whether a test file (absolute, or relative to the working directory) tests the test support. */
export declare function isSupportTest(file: string): boolean
