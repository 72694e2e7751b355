import { displayName } from '../format/display-name'

/**
 * A name from plex.tv (an account, a server): isolated from the text around it, without bidi
 * controls, on one line and cut with "…" when it is too long, never broken mid-word. The whole
 * name stays in the text, so screen readers read all of it, and in the tooltip, for eyes.
 */
export function Name({ text, className }: { readonly text: string; readonly className?: string }) {
  const shown = displayName(text)
  return (
    <bdi className={className === undefined ? 'name' : `name ${className}`} title={shown}>
      {shown}
    </bdi>
  )
}
