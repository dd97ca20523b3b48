// Starts a private Dovecot for manual runs: prints its ports and users as JSON, and stays
// up until SIGINT or SIGTERM. Usage: node test/servers/dovecot-cli.ts
import { startDovecot } from './dovecot.ts';

const server = await startDovecot();
console.log(
  JSON.stringify(
    {
      host: server.host,
      imapPort: server.imapPort,
      imapsPort: server.imapsPort,
      pop3Port: server.pop3Port,
      pop3sPort: server.pop3sPort,
      users: server.users,
      dir: server.dir,
      caCertificatePath: `${server.dir}/cert.pem`,
    },
    null,
    2,
  ),
);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
// Keeps the event loop alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
