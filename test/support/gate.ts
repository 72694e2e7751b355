/**
 * A gate for a request held at the fake (FaultRule.holdUntil), or any step a test holds: the code
 * under test shows its waiting state for as long as the test looks at it, on however slow a
 * machine, and goes on once the gate is opened.
 */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = (): void => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}
