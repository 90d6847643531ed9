/**
 * The browser tests' only web server: HTTPS on 127.0.0.1 with a self-signed certificate made
 * at test time (facebook.com and .app are HSTS-preloaded, so plain HTTP would not do), serving
 * tests/fixtures/basic with a strict CSP like the real sites (`script-src 'self'`). It logs
 * every request's Host so a test can assert nothing else was asked for.
 *
 * `startConnectProxy` is the Firefox side: Firefox cannot map a host name to another port, so
 * it is pointed at this small HTTP proxy, which tunnels CONNECT for the fixture hosts to the
 * fixture server, refuses everything else, and logs every host asked for.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = normalize(join(dirname(fileURLToPath(import.meta.url)), '../../..'));
export const FIXTURES = join(REPO, 'tests/fixtures/basic');
/** Real host names of supported sites that the tests map to the fixture server. */
export const FIXTURE_HOSTS = ['x.com', 'www.facebook.com', 'bsky.app'];

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.json': 'application/json' };

/**
 * A self-signed certificate for the fixture hosts, made with openssl in a temp dir.
 * @param {string[]} [hosts]
 */
export function makeCertificate(hosts = FIXTURE_HOSTS) {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('openssl is needed to make the test certificate (apt-get install openssl)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'insession-cert-'));
  const san = [...hosts.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
    '-subj', '/CN=insession-fixture', '-addext', `subjectAltName=${san}`,
  ], { stdio: 'pipe' });
  const pair = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

/**
 * @param {object} [opts]
 * @param {string} [opts.root]      directory served (default tests/fixtures/basic)
 * @param {string[]} [opts.hosts]   host names served (default FIXTURE_HOSTS); others get 404
 * @param {(host: string) => string} [opts.dirOf]  sub-directory of `root` served for a host
 * @returns {Promise<{port: number, requests: {host: string, url: string}[], close(): Promise<void>}>}
 */
export async function startFixtureServer({ root = FIXTURES, hosts = FIXTURE_HOSTS, dirOf = () => '' } = {}) {
  const requests = [];
  const server = createHttpsServer(makeCertificate(hosts), (req, res) => {
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
    requests.push({ host, url: req.url });
    const path = normalize(decodeURIComponent(new URL(req.url, 'https://fixture').pathname));
    const base = hosts.includes(host) ? join(root, dirOf(host)) : root;
    const file = join(base, path.endsWith('/') ? join(path, 'index.html') : path);
    if (!hosts.includes(host) || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': "script-src 'self'",
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

/**
 * An HTTP proxy for Firefox: CONNECT to a fixture host (port 443) is tunnelled to
 * 127.0.0.1:`fixturePort`; every other request is refused with 403. All are logged.
 * @param {number} fixturePort
 * @param {string[]} [allowed]  the fixture hosts (default FIXTURE_HOSTS)
 * @returns {Promise<{port: number, hosts: string[], close(): Promise<void>}>}
 */
export async function startConnectProxy(fixturePort, allowed = FIXTURE_HOSTS) {
  const hosts = [];
  const sockets = new Set();
  const server = createHttpServer((req, res) => {
    // a plain-HTTP proxy request (absolute URL): never allowed
    let host = req.headers.host ?? '';
    try { host = new URL(req.url).host; } catch { /* keep the Host header */ }
    hosts.push(host);
    res.writeHead(403, { 'content-type': 'text/plain' }).end('blocked by the InSession test proxy');
  });
  server.on('connect', (req, client, head) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    const [host, port] = String(req.url).split(':');
    hosts.push(host);
    if (!allowed.includes(host) || port !== '443') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(fixturePort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head?.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => { sockets.delete(upstream); client.destroy(); });
    upstream.on('error', () => client.destroy());
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    hosts,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
