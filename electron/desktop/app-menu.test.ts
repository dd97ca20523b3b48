import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { createAppMenuTemplate } from './app-menu.ts';

function items(template: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function roles(template: readonly MenuItemConstructorOptions[]): string[] {
  return items(template).flatMap((item) => (item.role === undefined ? [] : [item.role]));
}

function menu(platform: NodeJS.Platform, developerTools = false, onNewMessage = (): void => undefined): MenuItemConstructorOptions[] {
  return createAppMenuTemplate({ platform, appName: 'Letterbox', developerTools, onNewMessage });
}

describe('createAppMenuTemplate', () => {
  it('gives macOS the app menu with About, Hide and Quit, and Close under File', () => {
    const template = menu('darwin');
    assert.equal(template[0]?.label, 'Letterbox');
    for (const role of ['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit', 'close', 'pasteAndMatchStyle', 'front', 'zoom']) {
      assert.ok(roles(template).includes(role), role);
    }
    assert.deepEqual(
      template.map((item) => item.label ?? item.role),
      ['Letterbox', '&File', '&Edit', '&View', 'windowMenu'],
    );
  });

  it('puts Quit under File and About under Help on Windows and Linux', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const template = menu(platform);
      const file = template.find((item) => item.label === '&File');
      assert.ok(Array.isArray(file?.submenu) && file.submenu.some((item) => item.role === 'quit'));
      const help = template.find((item) => item.role === 'help');
      assert.ok(Array.isArray(help?.submenu) && help.submenu.some((item) => item.role === 'about'));
      assert.ok(!roles(template).includes('services'));
      assert.ok(!roles(template).includes('hide'));
    }
  });

  it('has the standard editing roles, so copy and paste work in every text field', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize']) {
        assert.ok(roles(menu(platform)).includes(role), `${platform}: ${role}`);
      }
    }
  });

  it('offers reload and the developer tools only to development builds', () => {
    assert.ok(!roles(menu('linux')).includes('toggleDevTools'));
    assert.ok(!roles(menu('linux')).includes('reload'));
    assert.ok(roles(menu('linux', true)).includes('toggleDevTools'));
  });

  it('calls back for New Message on Ctrl/Cmd+N', () => {
    let calls = 0;
    const newMessage = items(menu('linux', false, () => (calls += 1))).find((item) => item.label === 'New Message');
    assert.equal(newMessage?.accelerator, 'CmdOrCtrl+N');
    (newMessage.click as () => void)();
    assert.equal(calls, 1);
  });

  it('never gives two items the same shortcut', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const accelerators = items(menu(platform, true)).flatMap((item) => (typeof item.accelerator === 'string' ? [item.accelerator] : []));
      assert.equal(new Set(accelerators).size, accelerators.length);
    }
  });
});
