// The window follows the system's light or dark setting. The page's CSS already does
// (prefers-color-scheme follows nativeTheme in Electron); main only has to paint the
// window's own background the same colour, so a dark desktop never flashes white while
// the page loads. These must match --bg in renderer/styles.css (the test checks).
export const lightBackground = '#ffffff';
export const darkBackground = '#17191d';

export function windowBackgroundColour(shouldUseDarkColors: boolean): string {
  return shouldUseDarkColors ? darkBackground : lightBackground;
}
