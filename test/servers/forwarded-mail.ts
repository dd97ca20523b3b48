// Messages forwarding a message as a message/rfc822 part, in the encodings clients and
// gateways send: 8bit as RFC 2046 5.2.1 allows, and base64 or quoted-printable as some
// clients (and gateways that re-encode 8-bit parts) do anyway. The forwarded message's
// subject, sender and body each hold a word found nowhere else.

export type ForwardEncoding = '8bit' | 'base64' | 'quoted-printable';

// RFC 2045 6.7: printable ASCII but "=" as itself, all else escaped, line breaks kept as
// CRLF, lines of at most 76 characters with soft breaks (never inside an escape).
export function quotedPrintable(bytes: Buffer): string {
  const lines: string[] = [];
  for (const line of bytes.toString('latin1').split('\r\n')) {
    let out = '';
    let width = 0;
    for (const char of line) {
      const code = char.charCodeAt(0);
      const token = code >= 0x21 && code <= 0x7e && code !== 0x3d ? char : code === 0x20 ? ' ' : `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      if (width + token.length > 75) {
        out += '=\r\n';
        width = 0;
      }
      out += token;
      width += token.length;
    }
    // A space ending a line would be taken as padding (6.7 rule 3): escaped.
    lines.push(out.endsWith(' ') ? `${out.slice(0, -1)}=20` : out);
  }
  return lines.join('\r\n');
}

export function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

// The forwarded message: a UTF-8 HTML body (so its encoding matters), words `${word}Subject`,
// `${word}Body` and the sender `${word.toLowerCase()}@example.org`.
export function forwardedMessage(word: string): Buffer {
  return Buffer.from(
    [
      `From: Original Sender <${word.toLowerCase()}@example.org>`,
      'To: Alice Example <alice@example.org>',
      `Subject: Plans for ${word}Subject`,
      'Date: Mon, 1 Jan 2024 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `<p>The café’s forwarded body says ${word}Body — twice.</p>`,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

export type ForwardingOptions = {
  readonly word: string;
  readonly encoding: ForwardEncoding;
  readonly subject?: string;
  readonly disposition?: 'attachment' | 'inline';
};

// A plain-text carrier saying "see below" with the forwarded message as its second part.
export function forwardingMessage(options: ForwardingOptions): Buffer {
  const inner = forwardedMessage(options.word);
  const body = options.encoding === 'base64' ? base64Lines(inner) : options.encoding === 'quoted-printable' ? quotedPrintable(inner) : inner.toString('latin1');
  const disposition = options.disposition === 'inline' ? 'inline' : 'attachment; filename="forwarded.eml"';
  return Buffer.from(
    [
      'From: Forwarder <fwd@example.org>',
      'To: Alice Example <alice@example.org>',
      `Subject: ${options.subject ?? `Fwd: a ${options.encoding} forward`}`,
      'Date: Tue, 2 Jan 2024 09:00:00 +0000',
      `Message-ID: <forward-${options.word}@letterbox.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fwd-boundary"',
      '',
      '--fwd-boundary',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'See the message below.',
      '--fwd-boundary',
      'Content-Type: message/rfc822',
      `Content-Transfer-Encoding: ${options.encoding}`,
      `Content-Disposition: ${disposition}`,
      '',
      body,
      '--fwd-boundary--',
      '',
    ].join('\r\n'),
    'latin1',
  );
}
