// Whether a connection failed in the TLS handshake itself (a server speaking only TLS 1.0, a
// plain-text port answered as TLS, a cut before the session was up), from the error's code
// and message as Node and OpenSSL word them. Retrying would fail the same way, so IMAP, POP3
// and SMTP all report it as a TLS failure, not as a lost connection.
const HANDSHAKE_MESSAGE =
  /ERR_SSL_|EPROTO|\bSSL routines\b|wrong version number|unsupported protocol|alert protocol version|handshake|before secure TLS connection was established/i;

export function isTlsHandshakeFailure(code: string | null, message: string): boolean {
  const known = code ?? '';
  return known.startsWith('ERR_SSL_') || known === 'EPROTO' || HANDSHAKE_MESSAGE.test(message);
}
