// The dovecot.conf of a private test instance. Facts behind the settings are in
// /work/shared/handbook/test-servers.md.
export type DovecotConfigInput = {
  readonly dir: string;
  readonly imapPort: number;
  readonly imapsPort: number;
  readonly pop3Port: number;
  readonly pop3sPort: number;
  readonly loginUser: string;
  readonly internalUser: string;
  readonly dhFile: string | null;
  // For a real MTA in front (test/servers/postfix.ts): an LMTP listener on this port and
  // an auth socket (base_dir/auth-mta) Postfix's SASL asks; null keeps both closed.
  readonly lmtpPort?: number | null;
  readonly extraConfig?: readonly string[];
};

export function dovecotConfig(input: DovecotConfigInput): string {
  const { dir } = input;
  const ssl = [
    'ssl = yes',
    `ssl_cert = <${dir}/cert.pem`,
    `ssl_key = <${dir}/key.pem`,
    ...(input.dhFile === null ? [] : [`ssl_dh = <${input.dhFile}`]),
  ];
  const mailbox = (name: string, specialUse: string): string =>
    `  mailbox ${name} {\n    special_use = ${specialUse}\n    auto = subscribe\n  }`;
  return [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `instance_name = letterbox-${dir.split('/').pop() ?? 'test'}`,
    `log_path = ${dir}/dovecot.log`,
    `info_log_path = ${dir}/dovecot.log`,
    input.lmtpPort === undefined || input.lmtpPort === null ? 'protocols = imap pop3' : 'protocols = imap pop3 lmtp',
    'listen = 127.0.0.1',
    ...ssl,
    // Tests log in over the plain ports too, and APOP needs the plain password (RFC 1939 7).
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login apop',
    // The wrong-password tests would otherwise wait 2 s per failure.
    'auth_failure_delay = 0',
    `default_login_user = ${input.loginUser}`,
    `default_internal_user = ${input.internalUser}`,
    'first_valid_uid = 1',
    'mail_max_userip_connections = 200',
    'mail_location = maildir:~/Maildir',
    // Test mail is thrown away: skipping fsync makes seeding by APPEND several times faster.
    'mail_fsync = never',
    'pop3_uidl_format = %08Xu%08Xv',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN ${dir}/users`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = ${dir}/users`,
    '}',
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    mailbox('Sent', '\\Sent'),
    mailbox('Drafts', '\\Drafts'),
    mailbox('Trash', '\\Trash'),
    mailbox('Junk', '\\Junk'),
    mailbox('Archive', '\\Archive'),
    '}',
    'service imap-login {',
    '  chroot =',
    `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${input.imapPort}\n  }`,
    `  inet_listener imaps {\n    address = 127.0.0.1\n    port = ${input.imapsPort}\n    ssl = yes\n  }`,
    '}',
    'service pop3-login {',
    '  chroot =',
    `  inet_listener pop3 {\n    address = 127.0.0.1\n    port = ${input.pop3Port}\n  }`,
    `  inet_listener pop3s {\n    address = 127.0.0.1\n    port = ${input.pop3sPort}\n    ssl = yes\n  }`,
    '}',
    // Anvil's auth penalty would delay every later login from 127.0.0.1 after one failure;
    // Dovecot documents a closed anvil-auth-penalty listener as the way to turn it off.
    'service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}',
    // No LMTP, submission or doveadm-over-TCP listeners: nothing outside this process tree uses them.
    ...(input.lmtpPort === undefined || input.lmtpPort === null
      ? ['service lmtp {\n  unix_listener lmtp {\n    mode = 0600\n  }\n}']
      : mtaSupport(input.lmtpPort)),
    ...(input.extraConfig ?? []),
    '',
  ].join('\n');
}

// LMTP on 127.0.0.1 for the MTA's deliveries, with recipients named user@example.org looked
// up as "user" in the passwd-file; and a SASL socket smtpd may use (Dovecot's auth protocol).
function mtaSupport(lmtpPort: number): readonly string[] {
  return [
    `service lmtp {\n  unix_listener lmtp {\n    mode = 0600\n  }\n  inet_listener lmtp {\n    address = 127.0.0.1\n    port = ${lmtpPort}\n  }\n}`,
    'protocol lmtp {\n  auth_username_format = %Ln\n}',
    'service auth {\n  unix_listener auth-mta {\n    mode = 0666\n  }\n}',
  ];
}
