import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isSupportedNodeVersion, parseNodeVersion, unsupportedNodeMessage } from './node-version.mjs';

describe('isSupportedNodeVersion', () => {
  const cases: readonly (readonly [string, boolean])[] = [
    ['22.13.0', true],
    ['22.13.1', true],
    ['22.14.0', true],
    ['23.0.0', true],
    ['24.21.0', true],
    ['100.0.0', true],
    ['v24.1.0', true],
    ['22.12.9', false],
    ['22.9.0', false],
    ['22.1.100', false],
    ['21.99.99', false],
    ['20.19.5', false],
    ['18.20.0', false],
    ['14.21.3', false],
    ['2.13.0', false],
    ['', false],
    ['not a version', false],
    ['22', false],
  ];
  for (const [version, supported] of cases) {
    it(`${supported ? 'accepts' : 'refuses'} Node ${JSON.stringify(version)}`, () => {
      assert.equal(isSupportedNodeVersion(version), supported);
    });
  }

  it('compares numerically, not as text', () => {
    assert.deepEqual(parseNodeVersion('22.100.0'), [22, 100, 0]);
    assert.equal(isSupportedNodeVersion('22.100.0'), true);
    assert.equal(isSupportedNodeVersion('9.99.99', [10, 0, 0]), false);
  });
});

describe('unsupportedNodeMessage', () => {
  it('names the needed version, the running version and where to get Node, on one line', () => {
    const message = unsupportedNodeMessage('20.19.5');
    assert.match(message, /22\.13 or later/);
    assert.match(message, /this is Node 20\.19\.5/);
    assert.match(message, /https:\/\/nodejs\.org/);
    assert.doesNotMatch(message, /\n/);
  });
});

const checkNodeScript = path.join(import.meta.dirname, 'check-node.mjs');

describe('check-node.mjs', () => {
  it('exits quietly on this Node', () => {
    const result = spawnSync(process.execPath, [checkNodeScript], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
  });

  // The system Node of the machine the tests run on is often older; where it is, the
  // script must say so in one line rather than fail with a syntax error.
  const systemNode = '/usr/bin/node';
  const systemVersion = existsSync(systemNode) ? spawnSync(systemNode, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  if (systemVersion !== '' && !isSupportedNodeVersion(systemVersion)) {
    it(`refuses the older system Node ${systemVersion} with one line on stderr`, () => {
      const result = spawnSync(systemNode, [checkNodeScript], { encoding: 'utf8' });
      assert.equal(result.status, 1);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.match(result.stderr, /Letterbox needs Node\.js 22\.13 or later/);
    });
  }
});
