import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LetterboxError } from '../../shared/errors.ts';
import { listenForRedirect } from './loopback-redirect.ts';
import { createState } from './pkce.ts';

async function reject(promise: Promise<unknown>): Promise<LetterboxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LetterboxError, String(error));
    return error;
  }
  assert.fail('expected the sign-in to fail');
}

describe('the loopback redirect listener', () => {
  it('listens on 127.0.0.1 at a free port and takes one callback with the right state, then closes', async () => {
    const state = createState();
    const redirect = await listenForRedirect({ state, timeoutMs: 30_000, providerName: 'Test' });
    assert.match(redirect.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback$/);
    // Not the callback: ignored, the sign-in goes on.
    assert.equal((await fetch(new URL('/favicon.ico', redirect.redirectUri))).status, 404);
    const answer = await fetch(`${redirect.redirectUri}?code=the-code&state=${state}`);
    assert.equal(answer.status, 200);
    assert.match(await answer.text(), /return to Letterbox/);
    assert.equal(await redirect.code, 'the-code');
    // A second callback, even a correct one, finds nobody listening.
    await assert.rejects(fetch(`${redirect.redirectUri}?code=another&state=${state}`), (error: Error) => {
      assert.match((error.cause as Error | undefined)?.message ?? error.message, /ECONNREFUSED|fetch failed/);
      return true;
    });
  });

  it('refuses a callback with another state and stops the sign-in with a state mismatch', async () => {
    const redirect = await listenForRedirect({ state: createState(), timeoutMs: 30_000, providerName: 'Test' });
    const answer = await fetch(`${redirect.redirectUri}?code=stolen&state=${createState()}`);
    assert.equal(answer.status, 400);
    const error = await reject(redirect.code);
    assert.equal(error.code, 'auth-failed');
    assert.match(error.message, /state mismatch/);
    await assert.rejects(fetch(`${redirect.redirectUri}?code=stolen&state=x`));
  });

  it('refuses a callback without any state', async () => {
    const redirect = await listenForRedirect({ state: createState(), timeoutMs: 30_000, providerName: 'Test' });
    assert.equal((await fetch(`${redirect.redirectUri}?code=c`)).status, 400);
    assert.match((await reject(redirect.code)).message, /state mismatch/);
  });

  it('says the user denied access when the provider redirects with access_denied', async () => {
    const state = createState();
    const redirect = await listenForRedirect({ state, timeoutMs: 30_000, providerName: 'Google' });
    await fetch(`${redirect.redirectUri}?error=access_denied&state=${state}`);
    const error = await reject(redirect.code);
    assert.equal(error.code, 'auth-failed');
    assert.match(error.message, /Sign-in with Google was denied/);
  });

  it('times out when the browser never comes back, and closes the port', async () => {
    const redirect = await listenForRedirect({ state: createState(), timeoutMs: 50, providerName: 'Microsoft' });
    const error = await reject(redirect.code);
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /Sign-in with Microsoft timed out/);
    await assert.rejects(fetch(`${redirect.redirectUri}?code=late&state=x`));
  });
});
