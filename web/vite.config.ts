import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      // A static single-page app: the gateway serves `build/` and answers every client route with index.html.
      adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
      // SvelteKit writes the hashes of its own inline bootstrap script into a CSP meta tag.
      csp: {
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:'],
          'connect-src': ['self'],
          'media-src': ['self', 'blob:'],
          'object-src': ['none'],
          'base-uri': ['self'],
        },
      },
    }),
  ],
  // `npm run dev -w web` talks to a running gateway (npm start) for GraphQL over HTTP and WebSocket.
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } } },
});
