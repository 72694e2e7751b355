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

/** The Plex avatar as the data: URL main fetched (the CSP allows no remote image), else initials. */
export function AccountAvatar({ account }: { readonly account: AccountView }) {
  // Only an image data: URL is drawn; anything else would be refused by the CSP anyway.
  if (account.avatar?.startsWith('data:image/')) return <img className="avatar" src={account.avatar} alt="" width={72} height={72} />
  return (
    <span className="avatar avatar-initials" aria-hidden="true">
      {initialsOf(account.title || account.username)}
    </span>
  )
}
