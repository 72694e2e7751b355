import { Component, type ReactNode } from 'react'
import type { AppError } from '../../../preload/api'

interface RenderFailureBoundaryProps {
  /** Whatever the screen is drawn from: a new value gives the screen another chance to draw. */
  readonly resetKey: unknown
  /** Drawn in place of the screen that threw, instead of leaving the window blank. */
  readonly fallback: (error: AppError) => ReactNode
  readonly children: ReactNode
}

interface RenderFailureBoundaryState {
  readonly failed: AppError | null
}

/**
 * Catches an exception thrown while drawing a screen (say, a code too long for a QR code) and
 * shows it as an error screen: React would otherwise unmount the whole window and leave it blank.
 * Error boundaries exist only as class components.
 */
export class RenderFailureBoundary extends Component<RenderFailureBoundaryProps, RenderFailureBoundaryState> {
  override state: RenderFailureBoundaryState = { failed: null }

  static getDerivedStateFromError(thrown: unknown): RenderFailureBoundaryState {
    const message = thrown instanceof Error ? thrown.message : String(thrown)
    return { failed: { code: 'unknown', message: `The window could not draw this screen: ${message}`, retryable: true } }
  }

  override componentDidUpdate(previous: RenderFailureBoundaryProps): void {
    // What the failed screen was drawn from has changed: give the screen another chance.
    if (this.state.failed !== null && previous.resetKey !== this.props.resetKey) this.setState({ failed: null })
  }

  override render(): ReactNode {
    return this.state.failed === null ? this.props.children : this.props.fallback(this.state.failed)
  }
}
