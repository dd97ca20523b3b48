// The one place a window is created. Every web preference is spelled out, even where it
// matches Electron's default, so a future default change or a stray edit is caught by the
// test rather than shipped. The preferences are written inside the `new BrowserWindow(...)`
// expression itself so that static scanners (Electronegativity) see them there too.
// window-creation-scan.test.ts fails if a window, view or webview is created anywhere else.
import type { BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';

// The size a first window opens at, and the smallest the three panes still fit in.
export const appWindowSize = { width: 1280, height: 820, minWidth: 720, minHeight: 480 } as const;

// What the caller may choose about a window: where it is and its background colour.
// Nothing here reaches webPreferences.
export type AppWindowLook = {
  readonly bounds: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly backgroundColor: string;
};

export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

export function createAppWindow<W>(BrowserWindow: WindowConstructor<W>, preloadPath: string, look: AppWindowLook): W {
  // Electron resolves a relative preload against nothing stable; it must be absolute.
  if (typeof preloadPath !== 'string' || preloadPath.length === 0 || !path.isAbsolute(preloadPath) || /[\0\r\n]/.test(preloadPath)) {
    throw new Error('The preload script must be given as an absolute path.');
  }
  return new BrowserWindow({
    x: look.bounds.x,
    y: look.bounds.y,
    width: look.bounds.width,
    height: look.bounds.height,
    minWidth: appWindowSize.minWidth,
    minHeight: appWindowSize.minHeight,
    backgroundColor: look.backgroundColor,
    title: 'Letterbox',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });
}
