import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContentSecurityPolicy } from './content-security-policy.ts';

function parse(policy: string): Map<string, readonly string[]> {
  const directives = new Map<string, readonly string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    assert.ok(name, 'no empty directive');
    assert.ok(!directives.has(name), `directive ${name} appears once`);
    directives.set(name, sources);
  }
  return directives;
}

describe('createContentSecurityPolicy', () => {
  const expected: readonly (readonly [string, readonly string[]])[] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'", 'http:', 'https:']],
    ['img-src', ["'self'", 'data:', 'blob:', 'http:', 'https:']],
    ['font-src', ["'self'", 'data:', 'http:', 'https:']],
    ['connect-src', ["'self'"]],
    ['frame-src', ["'self'", 'about:']],
    ['child-src', ["'self'", 'about:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];

  for (const [name, sources] of expected) {
    it(`sets ${name} to ${sources.join(' ')} in Electron`, () => {
      assert.deepEqual(parse(createContentSecurityPolicy()).get(name), sources);
    });
  }

  it('never allows inline or evaluated scripts', () => {
    const policy = createContentSecurityPolicy({ webSocketOrigin: 'ws://127.0.0.1:4000' });
    assert.doesNotMatch(policy, /script-src[^;]*(unsafe-inline|unsafe-eval|\*)/);
  });

  it('adds the browser-mode WebSocket origin to connect-src only', () => {
    const directives = parse(createContentSecurityPolicy({ webSocketOrigin: 'ws://127.0.0.1:41234' }));
    assert.deepEqual(directives.get('connect-src'), ["'self'", 'ws://127.0.0.1:41234']);
    for (const [name, sources] of directives) {
      if (name !== 'connect-src') assert.ok(!sources.includes('ws://127.0.0.1:41234'), name);
    }
  });

  const hostileOrigins = [
    'ws://127.0.0.1:4000; script-src *',
    "ws://127.0.0.1:4000 'unsafe-eval'",
    'ws://evil.example:4000',
    'ws://127.0.0.1',
    'http://127.0.0.1:4000',
    'ws://127.0.0.1:4000/ws',
    '*',
    '',
    'ws://127.0.0.1:4000\r\nSet-Cookie: a=b',
  ];
  for (const hostile of hostileOrigins) {
    it(`refuses the WebSocket origin ${JSON.stringify(hostile)}`, () => {
      assert.throws(() => createContentSecurityPolicy({ webSocketOrigin: hostile }), /loopback origin/);
    });
  }
});
