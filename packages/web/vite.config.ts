import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ (index.html + /assets/* with long cache headers), so
// asset names carry content hashes and nothing else is needed at runtime.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The editor and the profile views are loaded with dynamic import(); a
    // chunk larger than this would mean one of them leaked into the entry.
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
