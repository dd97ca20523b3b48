// The application menu, built from Electron's standard roles so each platform gets its
// own labels, shortcuts and behaviour (Electron's "Menu" docs: roles over hand-made
// items). macOS puts About, Hide and Quit under the app's own menu; Windows and Linux put
// Quit under File and About under Help.
import type { MenuItemConstructorOptions } from 'electron';

export type AppMenuOptions = {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  // Reload and the developer tools are for development builds only.
  readonly developerTools: boolean;
  readonly onNewMessage: () => void;
};

export function createAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { label: 'New Message', accelerator: 'CmdOrCtrl+N', click: options.onNewMessage },
      separator,
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(options.developerTools ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    role: 'windowMenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  if (!mac) template.push({ role: 'help', submenu: [{ role: 'about', label: `About ${options.appName}` }] });
  return template;
}
