import { useEffect, useId, useRef, useState } from 'react'
import type { AppError, AppInfo, AuthScheme, Settings } from '../../../preload/api'
import { useBridge } from '../bridge/bridge-context'
import { ActionButton } from '../components/action-button'
import { type SettingsData, useSettings } from '../bridge/use-settings'
import {
  allowUnencryptedCopy,
  openAtLoginCopy,
  platformName,
  schemeChoices,
  settingsFailure,
  type SettingsTask,
  type ToggleCopy,
} from '../copy/settings-copy'

type Feedback = { readonly tone: 'done'; readonly text: string } | { readonly tone: 'failed'; readonly text: string; readonly detail: string } | null

/**
 * The app's settings, in place of the current screen: how the next sign-in is made, whether
 * Plexkey starts at login, and what a bug report needs. Each change is saved the moment it is
 * made. Escape or Done goes back; the caller then gives focus back to the Settings button.
 */
export function SettingsScreen({ onClose }: { readonly onClose: () => void }) {
  const { api } = useBridge()
  const data = useSettings(api)
  const headingRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      onClose()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [onClose])

  const { load } = data
  return (
    <section className="screen settings" aria-labelledby="screen-title" aria-busy={load.kind === 'loading' || undefined}>
      {/* The way back stays at the top, in view however far the settings scroll. */}
      <div className="screen-title-row settings-header">
        <h1 id="screen-title" ref={headingRef} tabIndex={-1}>
          Settings
        </h1>
        <button type="button" className="button button-secondary" onClick={onClose} data-primary>
          Done
        </button>
      </div>
      {load.kind === 'loading' && <p className="way-progress">Reading your settings…</p>}
      {load.kind === 'failed' && <ReadFailure error={load.error} onRetry={data.reload} />}
      {load.kind === 'ready' && (
        <>
          <SignInMethod scheme={load.settings.authScheme} change={data.change} />
          <ToggleSetting
            copy={openAtLoginCopy}
            task="open-at-login"
            checked={load.settings.openAtLogin}
            patch={(on) => ({ openAtLogin: on })}
            change={data.change}
          />
          <ToggleSetting
            copy={allowUnencryptedCopy}
            task="allow-unencrypted"
            checked={load.settings.allowUnencryptedServers}
            patch={(on) => ({ allowUnencryptedServers: on })}
            change={data.change}
          />
          <About info={load.info} />
        </>
      )}
    </section>
  )
}

function ReadFailure({ error, onRetry }: { readonly error: AppError; readonly onRetry: () => void }) {
  const { sentence, detail } = settingsFailure('read', error)
  return (
    <div className="notice notice-warning notice-with-action" role="alert">
      <p>
        {sentence} <span className="notice-detail">{detail}</span>
      </p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        Try again
      </button>
    </div>
  )
}

/** Runs one change through main and turns its answer into the words under the control. */
function useChange(change: SettingsData['change'], task: SettingsTask, doneText: string) {
  const [feedback, setFeedback] = useState<Feedback>(null)
  const run = async (patch: Partial<Settings>): Promise<void> => {
    setFeedback(null)
    const result = await change(patch)
    if (result.ok) return setFeedback({ tone: 'done', text: doneText })
    const { sentence, detail } = settingsFailure(task, result.error)
    setFeedback({ tone: 'failed', text: sentence, detail })
  }
  return { feedback, run }
}

function FeedbackLine({ feedback }: { readonly feedback: Feedback }) {
  return (
    <p role="status" className={feedback ? `setting-feedback action-${feedback.tone}` : 'setting-feedback'}>
      {feedback?.text}
      {feedback?.tone === 'failed' && <span className="setting-feedback-detail">{feedback.detail}</span>}
    </p>
  )
}

function SignInMethod({ scheme, change }: { readonly scheme: AuthScheme; readonly change: SettingsData['change'] }) {
  const name = useId()
  const hintId = useId()
  const { feedback, run } = useChange(change, 'sign-in-method', 'Saved. Your next sign-in uses it.')
  return (
    <div className="setting card">
      <fieldset aria-describedby={hintId}>
        <legend className="setting-title">Sign-in method</legend>
        <p id={hintId} className="setting-hint">
          Applies to your next sign-in. A sign-in you already have keeps working as it is.
        </p>
        <div className="choices">
          {schemeChoices.map((choice) => (
            <label key={choice.scheme} className="choice">
              <input
                type="radio"
                name={name}
                value={choice.scheme}
                checked={scheme === choice.scheme}
                // Named by its label alone; the line under it is its description, not its name.
                aria-labelledby={`${name}-${choice.scheme}-label`}
                aria-describedby={`${name}-${choice.scheme}-detail`}
                onChange={() => void run({ authScheme: choice.scheme })}
              />
              <span className="choice-text">
                <span id={`${name}-${choice.scheme}-label`} className="choice-label">
                  {choice.label}
                </span>
                <span id={`${name}-${choice.scheme}-detail`} className="choice-detail">
                  {choice.detail}
                </span>
              </span>
            </label>
          ))}
        </div>
        <FeedbackLine feedback={feedback} />
      </fieldset>
    </div>
  )
}

function ToggleSetting({
  copy,
  task,
  checked,
  patch,
  change,
}: {
  readonly copy: ToggleCopy
  readonly task: SettingsTask
  readonly checked: boolean
  readonly patch: (on: boolean) => Partial<Settings>
  readonly change: SettingsData['change']
}) {
  const labelId = useId()
  const detailId = useId()
  const { feedback, run } = useChange(change, task, 'Saved.')
  return (
    <div className="setting card">
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          aria-labelledby={labelId}
          aria-describedby={detailId}
          onChange={(event) => void run(patch(event.currentTarget.checked))}
        />
        <span className="choice-text">
          <span id={labelId} className="choice-label">
            {copy.label}
          </span>
          <span id={detailId} className="choice-detail">
            {copy.detail}
          </span>
        </span>
      </label>
      <FeedbackLine feedback={feedback} />
    </div>
  )
}

function About({ info }: { readonly info: AppInfo }) {
  const { api } = useBridge()
  const headingId = useId()
  const clientId = useId()
  const clientIdNote = useId()
  return (
    <section className="setting card" aria-labelledby={headingId}>
      <h2 id={headingId} className="setting-title">
        About
      </h2>
      <dl className="about">
        <div className="about-row">
          <dt>Version</dt>
          <dd>{info.version}</dd>
        </div>
        <div className="about-row">
          <dt>Platform</dt>
          <dd>{platformName(info.platform)}</dd>
        </div>
      </dl>
      {/* A read-only field: reached by Tab, selected whole on focus, copied with the system's own
          shortcut. It wraps rather than scroll, so the whole identifier is always in view. */}
      <label className="field-label" htmlFor={clientId}>
        Client identifier
      </label>
      <textarea
        id={clientId}
        className="field code-text client-id"
        readOnly
        rows={1}
        value={info.clientId}
        spellCheck={false}
        aria-describedby={clientIdNote}
        onFocus={(event) => event.currentTarget.select()}
      />
      <ActionButton onAction={() => api.app.copyClientId()} doneText="Copied.">
        Copy identifier
      </ActionButton>
      <p id={clientIdNote} className="setting-hint">
        Sent with every request to plex.tv, so it names this computer there. It is not a secret.
      </p>
    </section>
  )
}
