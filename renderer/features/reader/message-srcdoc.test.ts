import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMessageSrcdoc, messageCsp } from './message-srcdoc.ts';

function cspOf(srcdoc: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(srcdoc);
  assert.ok(match?.[1], 'the srcdoc carries a CSP meta');
  return match[1];
}

describe('message srcdoc', () => {
  it('blocks every remote load before the user allows it', () => {
    assert.equal(messageCsp(false), "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:");
    assert.doesNotMatch(messageCsp(false), /http/);
  });

  it('allows remote images, fonts and styles once allowed, and still no scripts', () => {
    const csp = messageCsp(true);
    assert.match(csp, /img-src data: cid: http: https:/);
    assert.match(csp, /font-src data: http: https:/);
    assert.match(csp, /style-src 'unsafe-inline' http: https:/);
    assert.doesNotMatch(csp, /script-src/);
    assert.match(csp, /^default-src 'none'/);
  });

  it('puts the policy in the head before the body', () => {
    const srcdoc = buildMessageSrcdoc('<p>Hello</p>', false);
    assert.equal(cspOf(srcdoc), messageCsp(false));
    assert.ok(srcdoc.indexOf('Content-Security-Policy') < srcdoc.indexOf('<body>'));
    assert.ok(srcdoc.includes('<body><p>Hello</p></body>'));
  });

  it('changes the policy when remote content is allowed', () => {
    assert.equal(cspOf(buildMessageSrcdoc('', true)), messageCsp(true));
  });

  it('asks remote servers not to receive a referrer', () => {
    assert.match(buildMessageSrcdoc('', true), /<meta name="referrer" content="no-referrer">/);
  });
});
