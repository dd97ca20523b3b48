// The window follows the system's light or dark setting. The page's CSS already does
// (prefers-color-scheme follows nativeTheme in Electron); main only has to paint the
// window's own background the same colour, so a dark desktop never flashes white while
// the page loads. These must match --bg in renderer/styles.css (the test checks).
export const lightBackground = '#ffffff';
export const darkBackground = '#17191d';

export function windowBackgroundColour(shouldUseDarkColors: boolean): string {
  return shouldUseDarkColors ? darkBackground : lightBackground;
}

// The user's choice in Settings → Appearance, as Electron's nativeTheme.themeSource: 'system'
// follows the desktop, the others force one. The page's prefers-color-scheme follows it.
export type ThemeSource = 'system' | 'light' | 'dark';

export function themeSourceFor(theme: string): ThemeSource {
  return theme === 'light' || theme === 'dark' ? theme : 'system';
}
