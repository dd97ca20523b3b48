import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { createBrowserModeServer, maxFrameBytes, type BrowserModeServer } from './browser-mode-server.ts';
import { createFakeService, type FakeService } from './test-fake-service.ts';

type RawResponse = { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: string };

// node:http rather than fetch, because fetch would normalise the hostile paths away.
function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: target, method: 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

// Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened.
function tryConnect(url: string, origin: string | undefined): Promise<{ status: number; socket: WebSocket | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.on('open', () => {
      resolve({ status: 101, socket });
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, socket: null });
      socket.terminate();
    });
    socket.on('error', () => {
      resolve({ status: 0, socket: null });
    });
  });
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data: Buffer) => {
      resolve(JSON.parse(data.toString('utf8')));
    });
  });
}

describe('createBrowserModeServer', () => {
  let dir: string;
  let staticDir: string;
  let fake: FakeService;
  let server: BrowserModeServer;
  let origin: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'letterbox-serve-'));
    staticDir = path.join(dir, 'renderer');
    await mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Letterbox</title>');
    await writeFile(path.join(staticDir, 'assets', 'main.js'), 'console.log(1);');
    await writeFile(path.join(dir, 'secret.txt'), 'outside the build');
    await symlink(path.join(dir, 'secret.txt'), path.join(staticDir, 'assets', 'link.txt'));
    fake = createFakeService();
    server = await createBrowserModeServer({ service: fake.service, staticDir });
    origin = `http://127.0.0.1:${server.port}`;
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives a page URL on 127.0.0.1 with the token in its fragment', () => {
    assert.equal(server.url, `${origin}/#token=${server.token}`);
    assert.match(server.token, /^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses to listen on anything but a loopback address', async () => {
    await assert.rejects(createBrowserModeServer({ service: fake.service, staticDir, host: '0.0.0.0' }), /loopback/);
    await assert.rejects(createBrowserModeServer({ service: fake.service, staticDir, host: '::' }), /loopback/);
    await assert.rejects(createBrowserModeServer({ service: fake.service, staticDir, port: 70000 }), /port/);
  });

  it('is not reachable on another local address', async () => {
    const reached = await new Promise<boolean>((resolve) => {
      const outgoing = request({ host: '127.0.0.2', port: server.port, path: '/' }, () => {
        resolve(true);
      });
      outgoing.on('error', () => {
        resolve(false);
      });
      outgoing.end();
    });
    assert.equal(reached, false);
  });

  it('serves the page with the CSP naming its own WebSocket origin and the other security headers', async () => {
    const response = await rawGet(server.port, '/');
    assert.equal(response.status, 200);
    assert.equal(response.body, '<!doctype html><title>Letterbox</title>');
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${server.port}(;|$)`));
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  it('serves scripts as JavaScript', async () => {
    const response = await rawGet(server.port, '/assets/main.js');
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
  });

  for (const target of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/link.txt', '/missing.js', '/assets']) {
    it(`answers 404 for ${target} and never the file outside the build`, async () => {
      const response = await rawGet(server.port, target);
      assert.equal(response.status, 404);
      assert.doesNotMatch(response.body, /outside the build/);
      assert.ok(response.headers['content-security-policy']);
    });
  }

  it('refuses a request for another host name, as DNS rebinding would send', async () => {
    const response = await rawGet(server.port, '/', { Host: `evil.example:${server.port}` });
    assert.equal(response.status, 403);
  });

  it('refuses a WebSocket without a token', async () => {
    const { status } = await tryConnect(`ws://127.0.0.1:${server.port}/ws`, origin);
    assert.equal(status, 403);
  });

  it('refuses a WebSocket with a wrong token', async () => {
    const { status } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token.slice(1)}A`, origin);
    assert.equal(status, 403);
  });

  it('refuses a WebSocket from another Origin even with the right token', async () => {
    const { status } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, 'https://evil.example');
    assert.equal(status, 403);
  });

  it('refuses a WebSocket with no Origin', async () => {
    const { status } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, undefined);
    assert.equal(status, 403);
  });

  it('answers an invoke over an accepted WebSocket and pushes service events', async () => {
    const { status, socket } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin);
    assert.equal(status, 101);
    assert.ok(socket);
    try {
      let message = nextMessage(socket);
      socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'getStatus', args: {} }));
      assert.deepEqual(await message, {
        type: 'result',
        id: 1,
        result: { ok: true, value: { state: 'idle', text: 'Up to date', accountId: null } },
      });

      message = nextMessage(socket);
      socket.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'listFolders', args: { accountId: '' } }));
      const invalid = (await message) as { id: number; result: { ok: boolean; error: { code: string } } };
      assert.equal(invalid.id, 2);
      assert.equal(invalid.result.error.code, 'invalid-argument');

      message = nextMessage(socket);
      socket.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'constructor', args: {} }));
      const unknown = (await message) as { id: number; result: { ok: boolean; error: { code: string } } };
      assert.equal(unknown.id, 3);
      assert.equal(unknown.result.error.code, 'unknown-channel');

      message = nextMessage(socket);
      fake.emit('foldersChanged', { accountId: 'a1' });
      assert.deepEqual(await message, { type: 'event', event: 'foldersChanged', payload: { accountId: 'a1' } });
    } finally {
      socket.close();
    }
  });

  it('answers malformed and binary frames with an error envelope and keeps the connection', async () => {
    const { socket } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin);
    assert.ok(socket);
    try {
      let message = nextMessage(socket);
      socket.send('{not json');
      assert.deepEqual(await message, {
        type: 'result',
        id: null,
        result: { ok: false, error: { code: 'invalid-argument', message: 'The request was not valid JSON.' } },
      });
      message = nextMessage(socket);
      socket.send(Buffer.from([1, 2, 3]));
      const binary = (await message) as { result: { ok: boolean } };
      assert.equal(binary.result.ok, false);
      message = nextMessage(socket);
      socket.send(JSON.stringify({ type: 'invoke', id: 9, channel: 'listAccounts', args: {} }));
      assert.deepEqual(await message, { type: 'result', id: 9, result: { ok: true, value: [] } });
    } finally {
      socket.close();
    }
  });

  it('answers a request as large as the contract allows: a 25 MB attachment as base64', async () => {
    const { socket } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin);
    assert.ok(socket);
    try {
      const message = nextMessage(socket);
      // listAccounts takes no arguments: the answer is the contract's refusal, after the whole frame was read.
      const base64 = 'QUJD'.repeat(Math.ceil((25 * 1024 * 1024) / 3));
      socket.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'listAccounts', args: { attachments: [{ base64 }] } }));
      const answer = (await message) as { id: number; result: { ok: boolean; error?: { code: string } } };
      assert.equal(answer.id, 3);
      assert.equal(answer.result.error?.code, 'invalid-argument');
      const next = nextMessage(socket);
      socket.send(JSON.stringify({ type: 'invoke', id: 4, channel: 'listAccounts', args: {} }));
      assert.deepEqual(await next, { type: 'result', id: 4, result: { ok: true, value: [] } }, 'the connection stays open');
    } finally {
      socket.close();
    }
  });

  it('closes a connection that sends a frame over the size limit', async () => {
    const { socket } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin);
    assert.ok(socket);
    const code = await new Promise<number>((resolve) => {
      socket.on('close', (closeCode: number) => {
        resolve(closeCode);
      });
      socket.on('error', () => undefined);
      socket.send('x'.repeat(maxFrameBytes + 1));
    });
    assert.equal(code, 1009);
  });

  it('stops sending events to a connection once it closes', async () => {
    const before = fake.listenerCount();
    const { socket } = await tryConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin);
    assert.ok(socket);
    assert.equal(fake.listenerCount(), before + 1);
    await new Promise<void>((resolve) => {
      socket.on('close', () => {
        resolve();
      });
      socket.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fake.listenerCount(), before);
  });
});
