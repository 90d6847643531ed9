/**
 * The test build of the extension: dist/extension (what ships) with two differences, made at
 * test time into tests/.out/extension-test/ so the shipped package is never touched:
 *
 *  1. content.js is bundled from the same source with `--define:INSESSION_TEST=true`: the
 *     overlay's shadow root is open (tests read badge, cards and boxes and click their buttons;
 *     shipped builds use a closed root), each drawn frame is stamped on <html> as
 *     `data-insession-test-render` (the tests' and the benchmark's clock), and the page can send
 *     protocol messages to the background (settings changes). See extension/content/main.js.
 *  2. The manifest's content script also matches the Mastodon fixture host (mastodon.social):
 *     Mastodon runs on many hosts, which users add at run time by granting access to their
 *     instance; the fixture stands in for such an instance.
 *
 * Everything else (background, Wasm, locales) is byte-for-byte the shipped build.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO } from './fixture-server.js';

export const SHIPPED = join(REPO, 'dist/extension');
export const TEST_EXT = join(REPO, 'tests/.out/extension-test');
/** Hosts added to the test build's content-script matches (see 2. above). */
export const EXTRA_HOSTS = ['mastodon.social'];

/** Build tests/.out/extension-test from dist/extension and the content script's source. */
export async function buildTestExtension() {
  if (!existsSync(join(SHIPPED, 'manifest.json'))) throw new Error(`${SHIPPED} is missing: run ./build.sh first`);
  rmSync(TEST_EXT, { recursive: true, force: true });
  mkdirSync(join(REPO, 'tests/.out'), { recursive: true });
  cpSync(SHIPPED, TEST_EXT, { recursive: true });
  await esbuild.build({
    entryPoints: [join(REPO, 'extension/content/main.js')],
    bundle: true,
    format: 'iife',
    target: ['chrome121', 'firefox142'],
    define: { INSESSION_TEST: 'true' },
    outfile: join(TEST_EXT, 'content.js'),
    logLevel: 'warning',
  });
  const manifestPath = join(TEST_EXT, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const extra = EXTRA_HOSTS.map((h) => `*://${h}/*`);
  for (const cs of manifest.content_scripts) cs.matches = [...cs.matches, ...extra];
  manifest.host_permissions = [...(manifest.host_permissions || []), ...extra];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return TEST_EXT;
}

