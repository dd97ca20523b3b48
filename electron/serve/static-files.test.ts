import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contentTypeFor, resolveStaticPath } from './static-files.ts';

const root = path.resolve('/srv/letterbox/dist/renderer');

describe('resolveStaticPath', () => {
  const served: readonly (readonly [string, string])[] = [
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/main.js', 'assets/main.js'],
    ['/assets/with%20space.css', 'assets/with space.css'],
  ];
  for (const [request, file] of served) {
    it(`serves ${request} from ${file}`, () => {
      assert.equal(resolveStaticPath(root, request), path.join(root, file));
    });
  }

  const refused = [
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fetc/passwd',
    '/..%5c..%5cwindows/win.ini',
    '/assets\\..\\..\\secret',
    '/index.html%00.png',
    '/.env',
    '/assets/.hidden',
    '/assets/',
    '//etc/passwd',
    'index.html',
    '',
    '/%E0%A4%A',
    `/${'a'.repeat(3000)}`,
  ];
  for (const request of refused) {
    it(`refuses ${JSON.stringify(request.length > 50 ? `${request.slice(0, 50)}…` : request)}`, () => {
      assert.equal(resolveStaticPath(root, request), null);
    });
  }
});

describe('contentTypeFor', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['index.html', 'text/html; charset=utf-8'],
    ['main.js', 'text/javascript; charset=utf-8'],
    ['main.CSS', 'text/css; charset=utf-8'],
    ['font.woff2', 'font/woff2'],
    ['icon.svg', 'image/svg+xml'],
    ['data.bin', 'application/octet-stream'],
    ['Makefile', 'application/octet-stream'],
  ];
  for (const [file, type] of cases) {
    it(`types ${file} as ${type}`, () => {
      assert.equal(contentTypeFor(file), type);
    });
  }
});
