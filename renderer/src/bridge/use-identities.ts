import { useEffect, useState } from 'react'
import type { AccountListing, AppError, IdentitiesView, PlexkeyApi } from '../../../preload/api'
import { settled } from './settled'

/** The accounts and Home profiles as main last told them: on their way, unreadable, or here. */
export type IdentitiesLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'ready'; readonly view: IdentitiesView }

/**
 * Who Plexkey speaks for, asked of main when the window opens and followed as main changes it
 * (an account added, switched or signed out, a profile switched, a Home list fetched). Subscribed
 * before asking; the views carry no number, so once an event has arrived it is newer than any
 * answer still on its way, and that answer is dropped.
 */
export function useIdentities(api: PlexkeyApi): IdentitiesLoad {
  const [load, setLoad] = useState<IdentitiesLoad>({ kind: 'loading' })
  useEffect(() => {
    let current = true
    let heard = false
    const stop = api.identities.onChanged((view) => {
      heard = true
      setLoad({ kind: 'ready', view })
    })
    void settled(() => api.identities.get()).then((result) => {
      if (!current || heard) return
      setLoad(result.ok ? { kind: 'ready', view: result.value } : { kind: 'failed', error: result.error })
    })
    return () => {
      current = false
      stop()
    }
  }, [api])
  return load
}

/** The active account, when main has said which it is. */
export function activeAccount(load: IdentitiesLoad): AccountListing | null {
  return load.kind === 'ready' ? (load.view.accounts.find((account) => account.active) ?? null) : null
}
