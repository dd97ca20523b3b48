import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBase64Text } from './base64-text.ts';
import { contract } from './contract.ts';

describe('isBase64Text', () => {
  it('takes what Buffer and FileReader write, padded or not, and the empty file', () => {
    for (const bytes of ['', 'a', 'ab', 'abc', 'abcd', '\u00ff\u0000 mail', 'x'.repeat(1000)]) {
      const text = Buffer.from(bytes, 'latin1').toString('base64');
      assert.equal(isBase64Text(text), true, text);
    }
    assert.equal(isBase64Text('+/+/'), true);
  });

  it('refuses any other character, line breaks and URL-safe base64 included', () => {
    for (const text of ['YWJj\r\nZA==', 'YW Jj', 'YWJj-_', 'YWJj\u0000', 'YWJjZA==\n', 'яблоко', '%2F']) assert.equal(isBase64Text(text), false, JSON.stringify(text));
  });

  it('refuses padding anywhere but the last two places', () => {
    for (const text of ['=YWJj', 'YW=Jj', 'YWJ=j', 'YWJjZ===', 'YWJj=A=', 'YQ=A']) assert.equal(isBase64Text(text), false, text);
    for (const text of ['YQ==', 'YWI=', '=', '==']) assert.equal(isBase64Text(text), true, text);
  });

  it('is what the contract checks an imported file and an attachment with', () => {
    const imported = (base64: string) => contract.importChunk.args.safeParse({ importId: 'i1', file: 0, fileName: 'a.mbox', base64, endOfFile: true });
    assert.equal(imported('RnJvbSBh').success, true);
    const refused = imported('RnJv\r\nbSBh');
    if (refused.success) assert.fail('a line break passed the contract');
    assert.equal(refused.error.issues[0]?.message, 'File bytes must be base64');
  });
});
