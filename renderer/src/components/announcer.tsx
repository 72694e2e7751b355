import { createContext, useCallback, useContext, useEffect, useState } from 'react'

export type Urgency = 'polite' | 'assertive'

/** Says something to screen readers through the window's two live regions. */
export type Say = (text: string, urgency: Urgency) => void

const AnnouncerContext = createContext<Say>(() => undefined)

export const AnnouncerProvider = AnnouncerContext.Provider

export function useAnnouncer(): Say {
  return useContext(AnnouncerContext)
}

/** Text that differs from `previous` even when the words are the same, so a repeat is spoken again. */
function fresh(previous: string, text: string): string {
  return previous === text ? `${text}\u00a0` : text
}

/**
 * The window's only live regions: one polite, one assertive. Every change of state and every
 * action's outcome goes through them, so a screen never holds a crowd of regions that speak over
 * each other. `stateText` (the sign-in state in words) is said whenever it changes.
 */
export function useLiveRegions(stateText: string): { readonly polite: string; readonly assertive: string; readonly say: Say } {
  const [polite, setPolite] = useState('')
  const [assertive, setAssertive] = useState('')
  useEffect(() => setPolite(stateText), [stateText])
  const say = useCallback<Say>((text, urgency) => {
    if (urgency === 'polite') setPolite((previous) => fresh(previous, text))
    else setAssertive((previous) => fresh(previous, text))
  }, [])
  return { polite, assertive, say }
}
