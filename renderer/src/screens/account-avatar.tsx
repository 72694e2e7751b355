import type { AccountView } from '../../../preload/api'

/** Up to two letters from the display name, for accounts without a picture. */
function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [name.trim()]
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toUpperCase()
}

/**
 * A Plex avatar (an account's or a Home profile's) as the data: URL main fetched (the CSP allows
 * no remote image), else initials. Decoration only: the name beside it says who it is.
 */
export function IdentityAvatar({ name, avatar, small = false }: { readonly name: string; readonly avatar: string | null; readonly small?: boolean }) {
  const className = small ? 'avatar avatar-small' : 'avatar'
  // Only an image data: URL is drawn; anything else would be refused by the CSP anyway.
  if (avatar?.startsWith('data:image/')) return <img className={className} src={avatar} alt="" width={small ? 32 : 72} height={small ? 32 : 72} />
  return (
    <span className={`${className} avatar-initials`} aria-hidden="true">
      {initialsOf(name)}
    </span>
  )
}

export function AccountAvatar({ account }: { readonly account: AccountView }) {
  return <IdentityAvatar name={account.title || account.username} avatar={account.avatar} />
}
