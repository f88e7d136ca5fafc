import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // `npm run dev -w web` talks to a running gateway (npm start) for GraphQL over HTTP and WebSocket.
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', ws: true } } },
});
