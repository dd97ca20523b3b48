import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notificationBody } from './desktop-notifications.ts';
import { themeSourceFor } from './theme.ts';

describe('notificationBody', () => {
  it('escapes markup on Linux, where notification servers may render it', () => {
    assert.equal(notificationBody('linux', 'Fish & <b>chips</b>'), 'Fish &amp; &lt;b&gt;chips&lt;/b&gt;');
  });

  it('leaves the text as it is on macOS and Windows, whose notifications are plain text', () => {
    assert.equal(notificationBody('darwin', 'Fish & <b>chips</b>'), 'Fish & <b>chips</b>');
    assert.equal(notificationBody('win32', 'a < b'), 'a < b');
  });
});

describe('themeSourceFor', () => {
  it('maps the Appearance setting to nativeTheme.themeSource, anything else to the system theme', () => {
    assert.equal(themeSourceFor('light'), 'light');
    assert.equal(themeSourceFor('dark'), 'dark');
    assert.equal(themeSourceFor('system'), 'system');
    assert.equal(themeSourceFor('purple'), 'system');
  });
});
