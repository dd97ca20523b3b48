// `npm run serve`: the service and the built renderer on 127.0.0.1, for machines where
// Electron cannot run and for people who run Letterbox headless on their own machine.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { defaultDataDir } from '../app-paths.ts';
import { createFileSecretStore } from '../secrets/file-secret-store.ts';
import { createExportDownloads } from '../local/export-downloads.ts';
import { createService } from '../service/create-service.ts';
import { createBrowserModeServer } from './browser-mode-server.ts';
import { parseServeArgs, serveUsage } from './serve-args.ts';

const staticDir = path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer');

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2), process.cwd());
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exitCode = 2;
    return;
  }
  if (parsed.options.help) {
    console.log(serveUsage);
    return;
  }
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`The renderer is not built in ${staticDir}. Run "npm run build" first.`);
    process.exitCode = 1;
    return;
  }
  const dataDir = parsed.options.dataDir ?? defaultDataDir({ platform: process.platform, homeDir: homedir(), env: process.env });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // No save dialog in a browser: exports wait here for the page to download them.
  const exportDownloads = createExportDownloads();
  const service = createService({
    dataDir,
    exportTarget: { kind: 'download', downloads: exportDownloads },
    secretStore: createFileSecretStore(dataDir),
    // The page opens already-checked links itself in browser mode.
    openExternal: () => Promise.resolve(false),
  });
  const running = await createBrowserModeServer({ service, staticDir, port: parsed.options.port, exportDownloads }).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  console.log(`Letterbox is running in browser mode: open ${running.url}`);
  console.log(`LETTERBOX_URL=${running.url}`);

  let closing = false;
  function shutDown(): void {
    if (closing) {
      // A second Ctrl+C means the user is done waiting.
      process.exit(130);
    }
    closing = true;
    running
      .close()
      .then(() => service.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`Letterbox did not close cleanly: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  }
  process.on('SIGINT', shutDown);
  process.on('SIGTERM', shutDown);
}

main().catch((error: unknown) => {
  console.error(`Letterbox could not start in browser mode: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
