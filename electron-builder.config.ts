// electron-builder's configuration: `npm run dist` (scripts/dist.ts) hands it to
// electron-builder's API; `npx electron-builder --config electron-builder.config.ts`
// reads it too. No imports, so either loader can take it as it is.
// scripts/electron-builder-config.test.ts checks what matters here.

const config = {
  appId: 'app.letterbox.desktop',
  productName: 'Letterbox',
  copyright: 'Copyright © Letterbox contributors',
  directories: {
    output: 'dist-packages',
    buildResources: 'build',
  },
  // What the app loads: the bundles in dist/ (package.json's "main" is in there) and,
  // added by electron-builder itself, the production node_modules (dependencies, never
  // devDependencies). Source maps stay out; so does everything else in the repo.
  files: ['dist/electron/**/*', 'dist/renderer/**/*', '!**/*.map', 'package.json'],
  asar: true,
  // No native modules (the cache is node:sqlite, built into Electron's Node), so there
  // is nothing to rebuild against Electron's headers.
  npmRebuild: false,
  nodeGypRebuild: false,
  // Flipped in the Electron binary after packing and before signing (Electron's
  // "Fuses" guide): the shipped app cannot be driven as plain Node, take NODE_OPTIONS or
  // --inspect from outside, or load code from anywhere but its own checked app.asar.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  },
  // Registers Letterbox as a handler of mailto: links (RFC 6068): CFBundleURLTypes on
  // macOS, x-scheme-handler/mailto in the Linux desktop file. Windows registers at run
  // time through app.setAsDefaultProtocolClient.
  protocols: [{ name: 'Email', schemes: ['mailto'] }],
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Network',
    mimeTypes: ['x-scheme-handler/mailto'],
    synopsis: 'A desktop email client',
    maintainer: 'Letterbox contributors <letterbox@example.invalid>',
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },
  deb: {
    // Debian's own naming: package_version_architecture.deb.
    artifactName: '${name}_${version}_${arch}.${ext}',
    // The Electron runtime's own needs; Debian's defaults from electron-builder plus the
    // secret service library safeStorage uses for the keychain.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  },
  mac: {
    target: ['dmg'],
    icon: 'build/icon.icns',
    category: 'public.app-category.productivity',
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },
  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
    artifactName: '${productName}-Setup-${version}-${arch}.${ext}',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
  },
  // `npm run dist` builds; it never uploads anywhere.
  publish: null,
} as const;

export default config;
