import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillTemplate, parseAutoconfig } from './parse-autoconfig.ts';

const CONFIG = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="example.org">
    <domain>example.org</domain>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.org</hostname>
      <port>110</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>oauth.example.org</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <incomingServer type="exchange"><hostname>ews.example.org</hostname></incomingServer>
    <incomingServer type="imap">
      <hostname>bad host name</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.org</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;

describe('parseAutoconfig', () => {
  it('reads the IMAP, POP3 and SMTP servers a password can sign in to, filling the templates', () => {
    assert.deepEqual(parseAutoconfig(CONFIG, 'Zoe.Li@Example.org'), {
      incoming: [
        { protocol: 'imap', host: 'imap.example.org', port: 993, security: 'tls', username: 'Zoe.Li' },
        { protocol: 'pop3', host: 'pop.example.org', port: 110, security: 'starttls', username: 'Zoe.Li@Example.org' },
      ],
      outgoing: [{ protocol: 'smtp', host: 'smtp.example.org', port: 465, security: 'tls', username: 'Zoe.Li@Example.org' }],
    });
  });

  it('reads socketType plain as no security, for the form to warn about', () => {
    const xml = '<clientConfig><emailProvider><incomingServer type="imap"><hostname>mail.example.org</hostname><port>143</port><socketType>plain</socketType></incomingServer></emailProvider></clientConfig>';
    assert.equal(parseAutoconfig(xml, 'a@example.org').incoming[0]?.security, 'none');
  });

  it('gives empty lists for an XML file that is not a mail configuration', () => {
    assert.deepEqual(parseAutoconfig('<html><body>Not found</body></html>', 'a@example.org'), { incoming: [], outgoing: [] });
  });

  it('fills every template placeholder', () => {
    assert.equal(fillTemplate('%EMAILLOCALPART%+%EMAILDOMAIN%/%EMAILADDRESS%', 'a.b@Mail.Example.org'), 'a.b+mail.example.org/a.b@Mail.Example.org');
  });
});
