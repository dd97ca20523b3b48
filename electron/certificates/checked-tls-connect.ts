// The only place in Letterbox that opens a TLS socket with OpenSSL's verdict deferred
// (test/integration/no-disabled-tls-verification scans for any other). Node destroys a
// socket it refuses before its certificate can be read, and a pinned self-signed
// certificate (electron/certificates/) needs the verdict on that exact certificate. So the
// socket is opened with rejectUnauthorized false, and checkPeer decides on 'secureConnect',
// before the caller is told the socket is ready and before any byte is written: trusted by
// the system or the configured CAs with a matching host name, or exactly the pinned
// certificate for this host and port. A refusal destroys the socket with an
// UntrustedCertificateError carrying the fingerprint.
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { checkPeer, type PeerCheck } from './verify-peer.ts';

export function connectCheckedTls(
  options: ConnectionOptions,
  check: PeerCheck,
  onAdmitted: (socket: TLSSocket) => void,
): TLSSocket {
  const socket = connect({ ...options, rejectUnauthorized: false });
  socket.once('secureConnect', () => {
    const refusal = checkPeer(socket, check);
    if (refusal === null) onAdmitted(socket);
    else socket.destroy(refusal);
  });
  return socket;
}

// For autoconfig's probe (electron/autoconfig/probe-server.ts), which reads a greeting to
// learn whether a server of a protocol listens on a port and sends nothing else: no
// credential or message ever goes over this socket. The certificate is judged later, when
// the account signs in through connectCheckedTls.
export function connectTlsToReadGreeting(options: ConnectionOptions): TLSSocket {
  return connect({ ...options, rejectUnauthorized: false });
}
