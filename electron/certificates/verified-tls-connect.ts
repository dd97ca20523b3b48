// Opens the TLS session of an IMAP, POP3 or NOTIFY connection with OpenSSL's verification on
// (verified-tls-options.ts): trusted by the system or the configured CAs with a matching host
// name, or exactly the certificate pinned for this host and port. The caller is told the
// socket is ready only once Node authorized it, before any byte is written; a refusal
// destroys the socket with an error that refusalOf (tls-refusal.ts) turns into the
// certificate, its fingerprint and the reason.
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { watchTlsRefusal } from './tls-refusal.ts';
import { verifiedTlsOptions, type PeerCheck } from './verified-tls-options.ts';

export function connectVerifiedTls(options: ConnectionOptions, check: PeerCheck, onAdmitted: (socket: TLSSocket) => void): TLSSocket {
  const socket = connect(verifiedTlsOptions(options, check));
  watchTlsRefusal(socket, check);
  socket.once('secureConnect', () => {
    // Node only gets here for an authorized session; checked again so that no option a
    // caller passes could ever let an unverified one through.
    if (socket.authorized) onAdmitted(socket);
    else socket.destroy(new Error('The TLS session was not verified'));
  });
  return socket;
}
