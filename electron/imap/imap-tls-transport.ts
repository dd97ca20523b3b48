// imapflow's `transport` option over node:net and node:tls, so that every TLS session
// (implicit TLS and STARTTLS alike) is admitted by electron/certificates/verify-peer.ts:
// trusted by the system or the configured CAs, or exactly the certificate the user pinned.
// A refused certificate surfaces as UntrustedCertificateError, fingerprint included, which
// plain rejectUnauthorized cannot give (Node destroys the socket before it can be read).
import { connect as connectTcp } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { ImapTransport, ImapTransportOptions, ImapTransportSocket } from 'imapflow';
import { checkPeer } from '../certificates/verify-peer.ts';

function admitted(options: ImapTransportOptions, pinnedFingerprints: readonly string[], onSecure: () => void) {
  return function onSecureConnect(this: TLSSocket): void {
    const refusal = checkPeer(this, { host: options.host, port: options.port, pinnedFingerprints });
    // Nothing has been written yet: imapflow waits for the greeting, which it only reads
    // once onSecure has run.
    if (refusal === null) onSecure();
    else this.destroy(refusal);
  };
}

function tlsOptions(options: ImapTransportOptions): ConnectionOptions {
  return {
    ...(options.tls ?? {}),
    host: options.host,
    port: options.port,
    ...(options.servername === undefined ? {} : { servername: options.servername }),
    // See the file comment: checkPeer decides, before anything is sent.
    rejectUnauthorized: false,
  };
}

export function imapTlsTransport(pinnedFingerprints: readonly string[]): ImapTransport {
  return {
    connect(options, onConnect): ImapTransportSocket {
      if (!options.secure) return connectTcp({ host: options.host, port: options.port }, onConnect);
      const socket = connectTls(tlsOptions(options));
      socket.once('secureConnect', admitted(options, pinnedFingerprints, onConnect));
      return socket;
    },
    upgrade(socket, options, onSecure): ImapTransportSocket {
      const secured = connectTls({ ...tlsOptions(options), socket });
      secured.once('secureConnect', admitted(options, pinnedFingerprints, onSecure));
      return secured;
    },
  };
}
