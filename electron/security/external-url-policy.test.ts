import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExternalUrl } from './external-url-policy.ts';

describe('checkExternalUrl', () => {
  const allowed: readonly (readonly [string, string])[] = [
    ['https://example.org/path?q=1#top', 'https://example.org/path?q=1#top'],
    ['http://example.org', 'http://example.org/'],
    ['HTTPS://EXAMPLE.ORG/A', 'https://example.org/A'],
    ['  https://example.org/  ', 'https://example.org/'],
    ['mailto:someone@example.org', 'mailto:someone@example.org'],
    ['mailto:someone@example.org?subject=Hello%20there', 'mailto:someone@example.org?subject=Hello%20there'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['https://example.org/a b', 'https://example.org/a%20b'],
    ['https:example.org', 'https://example.org/'],
  ];
  for (const [input, normalised] of allowed) {
    it(`allows ${JSON.stringify(input)} as ${normalised}`, () => {
      assert.deepEqual(checkExternalUrl(input), { allowed: true, url: normalised });
    });
  }

  const refused: readonly (readonly [string, RegExp])[] = [
    ['javascript:alert(1)', /"javascript:"/],
    ['JaVaScRiPt:alert(1)', /"javascript:"/],
    [' javascript:alert(1)', /"javascript:"/],
    ['java\tscript:alert(1)', /control characters/],
    ['java\nscript:alert(1)', /control characters/],
    ['\u0000https://example.org', /control characters/],
    ['https://example.org/\u202egpj.exe', /control characters/],
    ['https://example.org/\u0085', /control characters/],
    ['file:///etc/passwd', /"file:"/],
    ['file://server/share/run.exe', /"file:"/],
    ['data:text/html,<script>alert(1)</script>', /"data:"/],
    ['vbscript:msgbox(1)', /"vbscript:"/],
    ['smb://attacker.example/share', /"smb:"/],
    ['ms-msdt:/id PCWDiagnostic', /"ms-msdt:"/],
    ['search-ms:query=x', /"search-ms:"/],
    ['letterbox://internal', /"letterbox:"/],
    ['blob:https://example.org/uuid', /"blob:"/],
    ['about:blank', /"about:"/],
    ['ftp://example.org/file', /"ftp:"/],
    ['https://user:secret@example.org/', /user name or password/],
    ['https://trusted.example@evil.example/', /user name or password/],
    ['https://:secret@example.org/', /user name or password/],
    ['//example.org/path', /not a complete/],
    ['example.org', /not a complete/],
    ['https://', /not a complete/],
    ['http://[::1', /not a complete/],
    ['mailto:', /no address/],
    ['', /empty/],
    [`https://example.org/${'a'.repeat(9000)}`, /too long/],
  ];
  for (const [input, reason] of refused) {
    it(`refuses ${JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input)}`, () => {
      const result = checkExternalUrl(input);
      assert.equal(result.allowed, false);
      assert.match(result.reason, reason);
    });
  }

  it('never repeats a password from the link in its reason', () => {
    const result = checkExternalUrl('https://alice:hunter2@example.org/');
    assert.equal(result.allowed, false);
    assert.doesNotMatch(result.reason, /hunter2|alice/);
  });

  it('refuses a value that is not a string at run time', () => {
    assert.equal(checkExternalUrl(42 as unknown as string).allowed, false);
  });
});
