import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { metaContentSecurityPolicy } from './main/app/csp'

/**
 * Writes main's production policy into the built index.html as a `<meta http-equiv>`, so the page
 * carries the same policy main sends as a header, from the one table in main/app/csp.ts, and the
 * two cannot drift. Build only: the dev server needs an inline React-refresh preamble and injected
 * styles, which this policy refuses; in development main's header (its development policy) applies.
 * Written as text, not as a Vite tag, so the policy reads in the file exactly as main renders it.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'plexkey-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      const policy = metaContentSecurityPolicy()
      if (/["&<>]/.test(policy)) throw new Error(`The policy cannot go into an HTML attribute as it is: ${policy}`)
      const charset = /<meta charset="utf-8"\s*\/?>/i
      if (!charset.test(html)) throw new Error('renderer/index.html needs <meta charset="utf-8"> for the policy to follow.')
      if (/http-equiv="Content-Security-Policy"/i.test(html)) {
        throw new Error('renderer/index.html must not carry its own policy: it is written from main/app/csp.ts.')
      }
      // Right after the charset, before any script or stylesheet: a meta policy covers only what follows it.
      return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`)
    },
  }
}

// main/ holds two programs on one core: the Electron app and the `plexkey` CLI. Only the packages
// in `dependencies` (zod, keytar, qrcode) stay external and ship; everything else main uses, such
// as jose (ES modules only), is bundled, so no runtime has to load ES modules through require().
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/app/index.ts'),
          cli: resolve(__dirname, 'main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can only require `electron`: bundle everything else into one file.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      // electron-vite leaves the renderer unminified; minified, it ships at well under half the size.
      minify: true,
    },
  },
})
