/**
 * The pages "Help" opens, one per topic. Fixed here so the renderer names a topic, never a URL.
 * Every one is on the external allowlist (core/url/external-url-policy.ts).
 */
export const helpLinks = {
  link: 'https://plex.tv/link',
} as const satisfies Readonly<Record<'link', string>>
