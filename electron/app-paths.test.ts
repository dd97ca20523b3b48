import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDataDir, type PlatformEnvironment } from './app-paths.ts';

describe('defaultDataDir', () => {
  const cases: readonly (readonly [string, PlatformEnvironment, string])[] = [
    ['uses ~/.config on Linux without XDG_CONFIG_HOME', { platform: 'linux', homeDir: '/home/ada', env: {} }, '/home/ada/.config/Letterbox'],
    ['uses XDG_CONFIG_HOME on Linux when set', { platform: 'linux', homeDir: '/home/ada', env: { XDG_CONFIG_HOME: '/data/config' } }, '/data/config/Letterbox'],
    ['ignores an empty XDG_CONFIG_HOME', { platform: 'linux', homeDir: '/home/ada', env: { XDG_CONFIG_HOME: '' } }, '/home/ada/.config/Letterbox'],
    ['ignores a relative XDG_CONFIG_HOME, as the XDG specification requires', { platform: 'linux', homeDir: '/home/ada', env: { XDG_CONFIG_HOME: '../../tmp' } }, '/home/ada/.config/Letterbox'],
    ['uses ~/.config on FreeBSD too', { platform: 'freebsd', homeDir: '/usr/home/ada', env: {} }, '/usr/home/ada/.config/Letterbox'],
    ['uses Application Support on macOS', { platform: 'darwin', homeDir: '/Users/ada', env: { XDG_CONFIG_HOME: '/ignored' } }, '/Users/ada/Library/Application Support/Letterbox'],
    ['uses APPDATA on Windows', { platform: 'win32', homeDir: 'C:\\Users\\ada', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' } }, 'C:\\Users\\ada\\AppData\\Roaming\\Letterbox'],
    ['falls back to AppData\\Roaming on Windows without APPDATA', { platform: 'win32', homeDir: 'C:\\Users\\ada', env: {} }, 'C:\\Users\\ada\\AppData\\Roaming\\Letterbox'],
    ['ignores a relative APPDATA on Windows', { platform: 'win32', homeDir: 'C:\\Users\\ada', env: { APPDATA: 'evil' } }, 'C:\\Users\\ada\\AppData\\Roaming\\Letterbox'],
  ];
  for (const [name, environment, expected] of cases) {
    it(name, () => {
      assert.equal(defaultDataDir(environment), expected);
    });
  }
});
