/**
 * The pages "Help" opens, one per topic. Fixed here so the renderer names a topic, never a URL.
 * Every one is on the external allowlist (url-policy.ts).
 */
export const helpLinks = {
  // Plex has no page on OS keychains; its support home is where account and device help lives.
  keychain: 'https://support.plex.tv/',
  link: 'https://plex.tv/link',
  status: 'https://support.plex.tv/',
} as const satisfies Readonly<Record<'keychain' | 'link' | 'status', string>>
