/**
 * Tiny static server for the overlay's standalone browser tests. Serves, under a strict
 * `Content-Security-Policy: script-src 'self'` (the fixtures must work under it, and so must the
 * overlay attached to them):
 *   /<site>/...            tests/fixtures/editors/dist/<site>/...
 *   /extension/overlay/... the overlay's ES modules, straight from the source tree
 *   /tests/overlay/...     the page harness that attaches the overlay with a fake check
 * Plain HTTP on 127.0.0.1 with a random port: the real-host-name HTTPS harness is issue 3's.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };
export const CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

/** @returns {Promise<{ url: string, close: () => Promise<void> }>} */
export function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url || '/', 'http://x');
    let path = decodeURIComponent(url.pathname);
    let file;
    if (path.startsWith('/extension/overlay/') || path.startsWith('/tests/overlay/')) {
      file = normalize(join(repo, path));
    } else {
      if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
      if (path.endsWith('/')) path += 'index.html';
      file = normalize(join(repo, 'tests/fixtures/editors/dist', path));
    }
    if (!file.startsWith(repo)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'content-security-policy': CSP,
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({ url: `http://127.0.0.1:${addr.port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
