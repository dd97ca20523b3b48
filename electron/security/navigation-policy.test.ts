import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppUrl, isNavigationAllowed } from './navigation-policy.ts';

const filePage = 'file:///opt/Letterbox/dist/renderer/index.html';
const httpPage = 'http://127.0.0.1:41234/';

describe('isAppUrl', () => {
  const cases: readonly (readonly [string, string, boolean])[] = [
    [filePage, filePage, true],
    [`${filePage}#/inbox`, filePage, true],
    [httpPage, httpPage, true],
    [`${httpPage}#token=abc`, httpPage, true],
    ['file:///opt/Letterbox/dist/renderer/other.html', filePage, false],
    ['file:///etc/passwd', filePage, false],
    ['file://evil-host/opt/Letterbox/dist/renderer/index.html', filePage, false],
    ['file:///opt/Letterbox/dist/renderer/../../../../etc/passwd', filePage, false],
    [`${filePage}?inject=1`, filePage, false],
    ['http://127.0.0.1:41235/', httpPage, false],
    ['http://localhost:41234/', httpPage, false],
    ['https://127.0.0.1:41234/', httpPage, false],
    ['http://127.0.0.1:41234/other', httpPage, false],
    ['http://user:pass@127.0.0.1:41234/', httpPage, false],
    ['https://example.org/', filePage, false],
    ['javascript:alert(1)', filePage, false],
    ['data:text/html,<p>hi</p>', filePage, false],
    ['about:blank', filePage, false],
    ['not a url', filePage, false],
    ['', filePage, false],
    [filePage, 'not a url', false],
  ];
  for (const [url, app, expected] of cases) {
    it(`${expected ? 'accepts' : 'refuses'} ${JSON.stringify(url)} for the page ${app}`, () => {
      assert.equal(isAppUrl(url, app), expected);
    });
  }

  it('resolves dot segments as the URL parser does, and treats encoded slashes as a different path', () => {
    assert.equal(isAppUrl('file:///opt/Letterbox/dist/renderer/./index.html', filePage), true);
    assert.equal(isAppUrl('file:///opt/Letterbox/dist/renderer%2F..%2Findex.html', filePage), false);
  });
});

describe('isNavigationAllowed', () => {
  const cases: readonly (readonly [string, boolean, boolean])[] = [
    [filePage, true, true],
    ['about:srcdoc', false, true],
    ['about:blank', false, true],
    ['about:srcdoc', true, false],
    ['about:blank', true, false],
    ['https://example.org/', true, false],
    ['https://example.org/', false, false],
    ['http://tracker.example/pixel', false, false],
    ['mailto:someone@example.org', true, false],
    ['file:///etc/passwd', false, false],
    ['javascript:alert(1)', false, false],
  ];
  for (const [url, isMainFrame, expected] of cases) {
    it(`${expected ? 'lets' : 'stops'} the ${isMainFrame ? 'main frame' : 'subframe'} navigating to ${url}`, () => {
      assert.equal(isNavigationAllowed({ url, isMainFrame }, filePage), expected);
    });
  }
});
