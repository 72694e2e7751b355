import type { AppError, PinMode } from '../../../preload/api'
import { ActionButton } from '../components/action-button'
import { errorCopy } from '../copy/error-copy'
import { useStartWay } from './use-start-way'

/** A way whose start failed while the other way still waits: what went wrong, and trying it again. */
export function WayFailure({ mode, error, onStart }: { readonly mode: PinMode; readonly error: AppError; readonly onStart: () => void }) {
  const start = useStartWay(mode, onStart)
  return (
    <>
      <p className="notice notice-warning" role="status">
        {errorCopy(error).sentence}
      </p>
      <ActionButton variant="primary" onAction={start}>
        Try again
      </ActionButton>
    </>
  )
}
