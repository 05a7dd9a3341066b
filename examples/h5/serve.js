// Serves the built page (dist/) together with the repository's local test
// backend (an in-memory API工厂 look-alike): open the printed URL.
//   npm run build && npm run serve            (PORT=8787 by default)
import { fileURLToPath } from 'node:url';
import backend from '../../tests/server/backend.js';

const dist = fileURLToPath(new URL('./dist', import.meta.url));
const server = await backend.startBackend({ port: Number(process.env.PORT) || 8787, staticDir: dist, quiet: true });
console.log(`H5 storefront: ${server.url}/static/index.html`);
