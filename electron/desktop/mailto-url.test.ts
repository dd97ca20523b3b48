import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MailtoRequest } from '../../shared/mailto-request.ts';
import { findMailtoArgument, isAddrSpec, maxMailtoUrlLength, parseMailtoUrl, percentDecode } from './mailto-url.ts';

function parse(url: string): MailtoRequest {
  const request = parseMailtoUrl(url);
  assert.ok(request !== null, url);
  return request;
}

describe('parseMailtoUrl (RFC 6068)', () => {
  it('reads the examples of RFC 6068 section 6.1', () => {
    assert.deepEqual(parseMailtoUrl('mailto:chris@example.com'), { to: ['chris@example.com'], cc: [], bcc: [], subject: '', body: '' });
    assert.deepEqual(parse('mailto:infobot@example.com?subject=current-issue').subject, 'current-issue');
    assert.deepEqual(parse('mailto:infobot@example.com?body=send%20current-issue').body, 'send current-issue');
    assert.equal(parse('mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index').body, 'send current-issue\nsend index');
    assert.deepEqual(parseMailtoUrl('mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E'), {
      to: ['list@example.org'],
      cc: [],
      bcc: [],
      subject: '',
      body: '',
    });
    assert.deepEqual(parseMailtoUrl('mailto:?to=joe@example.com&cc=bob@example.com&body=hello'), {
      to: ['joe@example.com'],
      cc: ['bob@example.com'],
      bcc: [],
      subject: '',
      body: 'hello',
    });
    assert.deepEqual(parse('mailto:gorby%25kremvax@example.com').to, ['gorby%kremvax@example.com']);
    assert.deepEqual(parse('mailto:%22not%40me%22@example.org').to, ['"not@me"@example.org']);
    assert.deepEqual(parse('mailto:%22oh%5C%5Cno%22@example.org').to, ['"oh\\\\no"@example.org']);
  });

  it('reads the internationalised examples of RFC 6068 section 6.2 as UTF-8', () => {
    assert.equal(parse('mailto:user@example.org?subject=caf%C3%A9').subject, 'café');
    assert.deepEqual(parse('mailto:user@%E7%B4%8D%E8%B1%86.example.org?subject=Test&body=NATTO').to, ['user@納豆.example.org']);
    assert.equal(parse('mailto:user@example.org?subject=%3D%3Futf-8%3FQ%3Fcaf%3DC3%3DA9%3F%3D').subject, '=?utf-8?Q?caf=C3=A9?=');
  });

  it('takes several addresses, from the path and from to= fields, once each', () => {
    const request = parse('mailto:a@example.com,b@example.com?to=c@example.com&To=A@EXAMPLE.COM&cc=d@example.com,e@example.com&BCC=f@example.com');
    assert.deepEqual(request.to, ['a@example.com', 'b@example.com', 'c@example.com']);
    assert.deepEqual(request.cc, ['d@example.com', 'e@example.com']);
    assert.deepEqual(request.bcc, ['f@example.com']);
  });

  it('keeps "+" as a plus sign, unlike form encoding', () => {
    const request = parse('mailto:joe+lists@example.com?subject=1+1');
    assert.deepEqual(request.to, ['joe+lists@example.com']);
    assert.equal(request.subject, '1+1');
  });

  it('accepts the scheme in any case and surrounding whitespace', () => {
    assert.deepEqual(parse('  MAILTO:x@example.com\n').to, ['x@example.com']);
  });

  it('refuses what is not a mailto: URL', () => {
    for (const url of ['', 'http://example.com', 'javascript:alert(1)//mailto:x@example.com', 'mailto', ' file:///etc/passwd']) {
      assert.equal(parseMailtoUrl(url), null, url);
    }
  });
});

describe('parseMailtoUrl on hostile input', () => {
  it('cannot add a header through a line break in the subject', () => {
    const request = parse('mailto:x@example.com?subject=Hi%0D%0ABcc:%20spy@evil.example%0AX-Evil:1');
    assert.equal(request.subject, 'Hi Bcc: spy@evil.example X-Evil:1');
    assert.deepEqual(request.bcc, []);
  });

  it('drops addresses that carry line breaks, display names, angle brackets or spaces', () => {
    const request = parse(
      'mailto:ok@example.com,a@example.com%0D%0ABcc:b@evil.example,Spy%20%3Cspy@evil.example%3E,%3Cx@example.com%3E,two%20words@example.com,@example.com,user@,noat,a@-bad-.example',
    );
    assert.deepEqual(request.to, ['ok@example.com']);
  });

  it('ignores every header but to, cc, bcc, subject and body', () => {
    const request = parse('mailto:x@example.com?from=boss@example.com&reply-to=evil@example.com&x-mailer=1&content-type=text/html&subject=s');
    assert.deepEqual(request, { to: ['x@example.com'], cc: [], bcc: [], subject: 's', body: '' });
  });

  it('takes the first subject and body only', () => {
    const request = parse('mailto:?subject=first&subject=second&body=one&body=two');
    assert.equal(request.subject, 'first');
    assert.equal(request.body, 'one');
  });

  it('removes NUL and other control characters, keeping tabs and line breaks in the body', () => {
    const request = parse('mailto:?subject=a%00b%07c%1Bd&body=x%00%09y%0Dz%0D%0Aw%7F');
    assert.equal(request.subject, 'abcd');
    assert.equal(request.body, 'x\ty\nz\nw');
  });

  it('survives malformed percent escapes and invalid UTF-8', () => {
    assert.equal(parse('mailto:?subject=100%25%20sure%zz%2').subject, '100% sure%zz%2');
    assert.equal(parse('mailto:?subject=%C3%28%FF').subject, '\uFFFD(\uFFFD');
    assert.equal(parse('mailto:?subject=%ED%A0%80').subject.includes('\uD800'), false, 'no lone surrogate from an encoded one');
  });

  it('refuses a URL longer than any real link, without truncating it', () => {
    assert.equal(parseMailtoUrl(`mailto:x@example.com?body=${'a'.repeat(maxMailtoUrlLength)}`), null);
  });

  it('caps the number of recipients and the subject length', () => {
    const many = Array.from({ length: 500 }, (_, index) => `u${index}@example.com`).join(',');
    assert.equal(parse(`mailto:${many}`).to.length, 100);
    assert.equal(parse(`mailto:?subject=${'s'.repeat(5000)}`).subject.length, 998);
  });

  it('ignores a fragment, fields without a name, and empty list entries', () => {
    const request = parse('mailto:a@example.com,,%20,?=x&&subject&cc=b@example.com#subject=evil');
    assert.deepEqual(request, { to: ['a@example.com'], cc: ['b@example.com'], bcc: [], subject: '', body: '' });
  });

  it('does not split a quoted local part on its comma', () => {
    assert.deepEqual(parse('mailto:%22a,b%22@example.com,c@example.com').to, ['"a,b"@example.com', 'c@example.com']);
  });
});

describe('mailto helpers', () => {
  it('percent-decodes astral characters typed raw and encoded', () => {
    assert.equal(percentDecode('%F0%9F%93%AC📬'), '📬📬');
  });

  it('knows an addr-spec from things that are not one', () => {
    assert.equal(isAddrSpec('a.b-c@sub.example.co.uk'), true);
    assert.equal(isAddrSpec('root@[192.0.2.1]'), true);
    assert.equal(isAddrSpec('a..b@example.com'), false);
    assert.equal(isAddrSpec(`${'a'.repeat(250)}@example.com`), false);
  });

  it('finds the link among Chromium switches on the command line', () => {
    assert.equal(findMailtoArgument(['/opt/Letterbox/letterbox', '--no-sandbox', '--allow-file-access-from-files', 'MailTo:x@example.com']), 'MailTo:x@example.com');
    assert.equal(findMailtoArgument(['/opt/Letterbox/letterbox', '--foo=mailto:x']), null);
  });
});
