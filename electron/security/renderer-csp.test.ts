// Parses every Content-Security-Policy the app page is shown under: the <meta> in
// renderer/index.html (the one that applies to Electron's file:// page), the header Electron
// adds to responses, and the header browser mode serves with the page, read from a running
// browser-mode server. Each must allow scripts from the app only.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBrowserModeServer, type BrowserModeServer } from '../serve/browser-mode-server.ts';
import { createFakeService } from '../serve/test-fake-service.ts';
import { createContentSecurityPolicy } from './content-security-policy.ts';

const indexHtml = path.join(import.meta.dirname, '..', '..', 'renderer', 'index.html');

type Policy = ReadonlyMap<string, readonly string[]>;

// CSP3 2.2: directives split on ";", names are case-insensitive, a repeated one is ignored.
function parsePolicy(text: string): Policy {
  const directives = new Map<string, readonly string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/[\t\n\f\r ]+/);
    if (name === undefined || name === '') continue;
    assert.ok(!directives.has(name.toLowerCase()), `directive ${name} appears once`);
    directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

function metaPolicies(html: string): readonly string[] {
  const found: string[] = [];
  for (const tag of html.match(/<meta\b[^>]*>/gis) ?? []) {
    if (!/http-equiv\s*=\s*["']?content-security-policy/i.test(tag)) continue;
    const content = /content\s*=\s*"([^"]*)"/is.exec(tag) ?? /content\s*=\s*'([^']*)'/is.exec(tag);
    assert.ok(content?.[1], 'the CSP meta tag has content');
    found.push(content[1]);
  }
  return found;
}

function getPage(port: number): Promise<{ readonly csp: string; readonly body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/', method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ csp: String(response.headers['content-security-policy'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const unsafeScriptSources = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'", 'data:', 'blob:', 'http:', 'https:', 'filesystem:'];

// The promises: scripts from the app only, no plugins, no <base>, no wildcard anywhere.
function assertStrict(name: string, policy: Policy): void {
  assert.deepEqual(policy.get('default-src'), ["'none'"], `${name}: default-src`);
  assert.deepEqual(policy.get('script-src'), ["'self'"], `${name}: script-src 'self' only`);
  for (const directive of ['script-src-elem', 'script-src-attr', 'worker-src']) {
    const sources = policy.get(directive);
    if (sources !== undefined) assert.ok(sources.every((source) => source === "'self'" || source === "'none'"), `${name}: ${directive}`);
  }
  assert.deepEqual(policy.get('object-src'), ["'none'"], `${name}: object-src`);
  assert.deepEqual(policy.get('base-uri'), ["'none'"], `${name}: base-uri`);
  for (const [directive, sources] of policy) {
    for (const source of sources) {
      assert.ok(!source.includes('*'), `${name}: ${directive} has the wildcard ${source}`);
      if (directive.startsWith('script-src') || directive === 'default-src') {
        assert.ok(!unsafeScriptSources.includes(source.toLowerCase()), `${name}: ${directive} allows ${source}`);
      }
    }
  }
}

describe('the renderer Content-Security-Policy', () => {
  let server: BrowserModeServer;
  let staticDir: string;

  before(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'letterbox-csp-'));
    await copyFile(indexHtml, path.join(staticDir, 'index.html'));
    server = await createBrowserModeServer({ service: createFakeService().service, staticDir });
  });
  after(async () => {
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('in renderer/index.html, the policy of the page in Electron and in browser mode', () => {
    const metas = metaPolicies(readFileSync(indexHtml, 'utf8'));
    assert.equal(metas.length, 1);
    assertStrict('index.html meta', parsePolicy(metas[0]!));
  });

  it('in the header Electron adds to every response', () => {
    const policy = parsePolicy(createContentSecurityPolicy());
    assertStrict('Electron header', policy);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
  });

  it('in the header and the page browser mode serves', async () => {
    const page = await getPage(server.port);
    const header = parsePolicy(page.csp);
    assertStrict('browser-mode header', header);
    assert.deepEqual(header.get('connect-src'), ["'self'", `ws://127.0.0.1:${server.port}`]);
    const metas = metaPolicies(page.body);
    assert.equal(metas.length, 1, 'the served page carries its meta policy too');
    assertStrict('browser-mode meta', parsePolicy(metas[0]!));
    console.log(`csp: 4 policies parsed (index.html meta, Electron header, browser-mode header and meta), script-src 'self' only`);
  });

  const weak: readonly (readonly [string, string])[] = [
    ["default-src 'none'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'", 'unsafe-inline'],
    ["default-src 'none'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'", 'unsafe-eval'],
    ["default-src 'none'; script-src 'self' https:; object-src 'none'; base-uri 'none'", 'https:'],
    ["default-src 'none'; script-src *; object-src 'none'; base-uri 'none'", 'wildcard'],
    ["default-src 'none'; script-src 'self'; connect-src ws://127.0.0.1:*; object-src 'none'; base-uri 'none'", 'wildcard'],
    ["default-src 'none'; script-src 'self'; img-src https://*.example; object-src 'none'; base-uri 'none'", 'wildcard'],
    ["default-src 'none'; script-src 'self'; base-uri 'none'", 'object-src'],
    ["default-src 'none'; script-src 'self'; object-src 'none'", 'base-uri'],
    ["default-src 'self'; object-src 'none'; base-uri 'none'", 'script-src'],
    ["default-src 'none'; script-src 'self'; script-src-elem 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'", 'script-src-elem'],
  ];
  for (const [policy, why] of weak) {
    it(`would catch a policy weakened by ${why}`, () => {
      assert.throws(() => {
        assertStrict('planted', parsePolicy(policy));
      });
    });
  }
});
