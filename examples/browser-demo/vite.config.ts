import { defineConfig } from 'vite';

// The page and its static data (public/data/, written by scripts/make-assets.ts) are served as they are;
// the wasm backend's .wasm files are imported with `?url` in src/backend.ts and emitted as assets.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
