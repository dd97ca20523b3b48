import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServeArgs, type ServeOptions } from './serve-args.ts';

const cwd = '/home/ada/letterbox';

describe('parseServeArgs', () => {
  const accepted: readonly (readonly [readonly string[], ServeOptions])[] = [
    [[], { dataDir: null, port: 0, help: false }],
    [['--port', '8080'], { dataDir: null, port: 8080, help: false }],
    [['--port=0'], { dataDir: null, port: 0, help: false }],
    [['--port', '65535'], { dataDir: null, port: 65535, help: false }],
    [['--data-dir', '/tmp/lb'], { dataDir: '/tmp/lb', port: 0, help: false }],
    [['--data-dir', 'data'], { dataDir: '/home/ada/letterbox/data', port: 0, help: false }],
    [['--data-dir=../elsewhere', '--port', '4000'], { dataDir: '/home/ada/elsewhere', port: 4000, help: false }],
    [['--help'], { dataDir: null, port: 0, help: true }],
  ];
  for (const [args, options] of accepted) {
    it(`reads ${JSON.stringify(args)}`, () => {
      assert.deepEqual(parseServeArgs(args, cwd), { ok: true, options });
    });
  }

  const refused: readonly (readonly [readonly string[], RegExp])[] = [
    [['--port', '65536'], /port/],
    [['--port', '-1'], /./],
    [['--port', '80.5'], /port/],
    [['--port', '0x50'], /port/],
    [['--port', ''], /port/],
    [['--port', '1e3'], /port/],
    [['--port', '123456'], /port/],
    [['--port'], /./],
    [['--data-dir', ''], /data directory/],
    [['--data-dir', '   '], /data directory/],
    [['--data-dir', 'a\0b'], /data directory/],
    [['--host', '0.0.0.0'], /Unknown option/],
    [['extra'], /./],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${JSON.stringify(args)} and shows the usage`, () => {
      const parsed = parseServeArgs(args, cwd);
      assert.equal(parsed.ok, false);
      assert.match(parsed.message, message);
      assert.match(parsed.message, /Usage: npm run serve/);
    });
  }
});
