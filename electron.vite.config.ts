import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// main/ holds two programs on one core: the Electron app and the `plexkey` CLI.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // jose ships ES modules only: bundle it rather than rely on require(esm) in every runtime.
      externalizeDeps: { exclude: ['jose'] },
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
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      // electron-vite leaves the renderer unminified; minified, it ships at well under half the size.
      minify: true,
    },
  },
})
