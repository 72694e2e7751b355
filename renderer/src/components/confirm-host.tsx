import { createContext, type ReactNode, useContext } from 'react'

/** A confirmation a section asks for: the dialog is drawn by the screen, over content it makes inert. */
export interface ConfirmRequest {
  readonly title: string
  readonly body: ReactNode
  readonly confirmLabel: string
  readonly onConfirm: () => void
}

const ConfirmContext = createContext<((request: ConfirmRequest) => void) | null>(null)

/** Given by a screen that draws ConfirmDialog for the sections inside it. */
export const ConfirmProvider = ConfirmContext.Provider

/**
 * Asks the screen to confirm before acting. The screen, not the section, draws the dialog, because
 * everything behind a modal dialog must be inert, and only the screen holds all of it.
 */
export function useConfirm(): (request: ConfirmRequest) => void {
  const confirm = useContext(ConfirmContext)
  if (confirm === null) throw new Error('useConfirm() needs a <ConfirmProvider> above it.')
  return confirm
}
