// imapflow's `transport` option over node:net and node:tls, so that every TLS session
// (implicit TLS and STARTTLS alike) is verified by electron/certificates/verified-tls-connect.ts:
// trusted by the system or the configured CAs, or exactly the certificate the user pinned.
// A refused certificate surfaces with its fingerprint (tls-refusal.ts), which imapflow's own
// TLS connect cannot give (Node destroys the socket before it can be read).
// It also counts the bytes received, for the step deadlines of open-imap-session.ts.
import { connect as connectTcp, type Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { ImapTransport, ImapTransportOptions, ImapTransportSocket } from 'imapflow';
import { connectVerifiedTls } from '../certificates/verified-tls-connect.ts';

function tlsOptions(options: ImapTransportOptions): ConnectionOptions {
  return {
    ...(options.tls ?? {}),
    host: options.host,
    port: options.port,
    ...(options.servername === undefined ? {} : { servername: options.servername }),
  };
}

// Attached only after imapflow's own callback has piped the socket into its parser (it does
// so synchronously), so this listener never takes a byte imapflow would not also see.
function counted(socket: Socket, onBytes: (bytes: number) => void): void {
  socket.on('data', (chunk: Buffer) => {
    onBytes(chunk.length);
  });
}

export function imapTlsTransport(
  pinnedCertificates: readonly string[],
  onBytes: (bytes: number) => void = () => undefined,
): ImapTransport {
  return {
    connect(options, onConnect): ImapTransportSocket {
      if (!options.secure) {
        const socket = connectTcp({ host: options.host, port: options.port }, () => {
          onConnect();
          counted(socket, onBytes);
        });
        return socket;
      }
      return connectVerifiedTls(tlsOptions(options), { host: options.host, port: options.port, pinnedCertificates }, (socket) => {
        onConnect();
        counted(socket, onBytes);
      });
    },
    upgrade(socket, options, onSecure): ImapTransportSocket {
      return connectVerifiedTls(
        { ...tlsOptions(options), socket },
        { host: options.host, port: options.port, pinnedCertificates },
        (secured) => {
          onSecure();
          counted(secured, onBytes);
        },
      );
    },
  };
}
