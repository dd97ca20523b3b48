// Where Electron keeps userData for an app named Letterbox, computed without Electron,
// so browser mode (npm run serve) opens the same store and accounts as the desktop app.
import path from 'node:path';

export const appName = 'Letterbox';

export type PlatformEnvironment = {
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
};

export function defaultDataDir({ platform, homeDir, env }: PlatformEnvironment): string {
  if (platform === 'win32') {
    const appData = absoluteOrUndefined(env.APPDATA, path.win32);
    return path.win32.join(appData ?? path.win32.join(homeDir, 'AppData', 'Roaming'), appName);
  }
  if (platform === 'darwin') {
    return path.posix.join(homeDir, 'Library', 'Application Support', appName);
  }
  // XDG Base Directory Specification: a relative $XDG_CONFIG_HOME is invalid and ignored.
  const configHome = absoluteOrUndefined(env.XDG_CONFIG_HOME, path.posix);
  return path.posix.join(configHome ?? path.posix.join(homeDir, '.config'), appName);
}

function absoluteOrUndefined(value: string | undefined, flavour: path.PlatformPath): string | undefined {
  return value !== undefined && value !== '' && flavour.isAbsolute(value) ? value : undefined;
}
