// A worker thread's entry file beside the module that starts it: the .ts file when Node
// runs the sources, the bundled .cjs file when Electron runs dist/electron/main.cjs
// (scripts/build-electron.ts bundles each worker entry beside main.cjs).
export function siblingWorkerUrl(importMetaUrl: string, baseName: string): URL {
  return new URL(importMetaUrl.endsWith('.ts') ? `./${baseName}.ts` : `./${baseName}.cjs`, importMetaUrl);
}
