// True inside Letterbox's Electron window (its preload exposes window.letterbox); false in
// browser mode. Main shows native notifications itself, so the page does only in a browser.
export function inDesktopShell(): boolean {
  return (window as Window & { readonly letterbox?: unknown }).letterbox !== undefined;
}
