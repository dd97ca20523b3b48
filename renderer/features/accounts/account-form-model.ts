// The add-account form's state and its defaults, without React, so the rules are testable.
import type { Security } from '../../../shared/domain.ts';
import type { AddAccountArgs } from '../../../shared/schemas.ts';

export type AccountFormState = {
  readonly email: string;
  readonly password: string;
  readonly incomingHost: string;
  readonly incomingPort: string;
  readonly security: Security;
  readonly username: string;
  readonly outgoingHost: string;
  readonly outgoingPort: string;
  // When the outgoing server takes another password than the incoming one; '' = the same.
  readonly outgoingPassword: string;
  // Once the user types their own value, the default stops following.
  readonly usernameEdited: boolean;
  readonly incomingPortEdited: boolean;
  // POP3 (electron/pop3-sync/): where its mail lives. Days and kilobytes as typed; '' = none.
  readonly protocol: Protocol;
  readonly leaveOnServer: boolean;
  readonly deleteAfterDays: string;
  readonly deleteWhenDeletedHere: boolean;
  readonly maxMessageKb: string;
};

export type Protocol = 'imap' | 'pop3';

export type AccountFormField =
  | 'email'
  | 'password'
  | 'incomingHost'
  | 'incomingPort'
  | 'security'
  | 'username'
  | 'outgoingHost'
  | 'outgoingPort'
  | 'outgoingPassword'
  | Pop3FormField;

// Checkboxes among them take 'true' or 'false'.
export type Pop3FormField = 'protocol' | 'leaveOnServer' | 'deleteAfterDays' | 'deleteWhenDeletedHere' | 'maxMessageKb';

export const initialAccountForm: AccountFormState = {
  email: '',
  password: '',
  incomingHost: '',
  incomingPort: '993',
  security: 'tls',
  username: '',
  outgoingHost: '',
  // RFC 8314 3.3: implicit TLS first for new accounts, as 993 and 995 on the incoming side.
  outgoingPort: '465',
  outgoingPassword: '',
  usernameEdited: false,
  incomingPortEdited: false,
  protocol: 'imap',
  leaveOnServer: true,
  deleteAfterDays: '',
  deleteWhenDeletedHere: false,
  maxMessageKb: '',
};

// RFC 8314 7.3: 995 is POP3 over implicit TLS; 110 is plain POP3, upgraded with STLS (RFC 2595 4).
export function defaultIncomingPort(protocol: Protocol, security: Security): number {
  if (protocol === 'pop3') return security === 'tls' ? 995 : 110;
  return defaultImapPort(security);
}

// RFC 8314 section 7.3: 993 is IMAP over implicit TLS; 143 is plain IMAP, upgraded by STARTTLS (RFC 3501 6.2.1).
export function defaultImapPort(security: Security): number {
  return security === 'tls' ? 993 : 143;
}

export function isSecurity(value: string): value is Security {
  return value === 'tls' || value === 'starttls' || value === 'none';
}

export function updateAccountForm(state: AccountFormState, field: AccountFormField, value: string): AccountFormState {
  switch (field) {
    case 'email':
      return { ...state, email: value, username: state.usernameEdited ? state.username : value.trim() };
    case 'username':
      return { ...state, username: value, usernameEdited: true };
    case 'incomingPort':
      return { ...state, incomingPort: value, incomingPortEdited: true };
    case 'security': {
      if (!isSecurity(value)) return state;
      const incomingPort = state.incomingPortEdited ? state.incomingPort : String(defaultIncomingPort(state.protocol, value));
      return { ...state, security: value, incomingPort };
    }
    case 'protocol': {
      if (value !== 'imap' && value !== 'pop3') return state;
      const incomingPort = state.incomingPortEdited ? state.incomingPort : String(defaultIncomingPort(value, state.security));
      return { ...state, protocol: value, incomingPort };
    }
    case 'leaveOnServer':
    case 'deleteWhenDeletedHere':
      return { ...state, [field]: value === 'true' };
    case 'deleteAfterDays':
    case 'maxMessageKb':
      return { ...state, [field]: value };
    case 'password':
    case 'incomingHost':
    case 'outgoingHost':
    case 'outgoingPort':
    case 'outgoingPassword':
      return { ...state, [field]: value };
  }
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const port = Number(text.trim());
  return port >= 1 && port <= 65535 ? port : null;
}

// RFC 8314 section 3.3: 465 is submission over implicit TLS; other submission ports
// (587, RFC 6409) upgrade with STARTTLS unless the incoming side is plain too.
export function outgoingSecurity(port: number, incoming: Security): Security {
  if (port === 465) return 'tls';
  return incoming === 'none' ? 'none' : 'starttls';
}

export type AccountFormResult =
  | { readonly ok: true; readonly args: AddAccountArgs }
  | { readonly ok: false; readonly message: string };

export function toAddAccountArgs(state: AccountFormState): AccountFormResult {
  const email = state.email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return { ok: false, message: 'Enter an email address like name@example.org.' };
  if (state.password.length === 0) return { ok: false, message: 'Enter the password.' };
  const incomingHost = state.incomingHost.trim();
  if (incomingHost.length === 0) return { ok: false, message: 'Enter the incoming server, for example imap.example.org.' };
  const incomingPort = parsePort(state.incomingPort);
  if (incomingPort === null) return { ok: false, message: 'The incoming port must be a number from 1 to 65535.' };
  const username = state.username.trim().length > 0 ? state.username.trim() : email;
  const outgoingHost = state.outgoingHost.trim();
  let outgoing: AddAccountArgs['outgoing'] = null;
  if (outgoingHost.length > 0) {
    const outgoingPort = parsePort(state.outgoingPort);
    if (outgoingPort === null) return { ok: false, message: 'The outgoing port must be a number from 1 to 65535.' };
    outgoing = { host: outgoingHost, port: outgoingPort, security: outgoingSecurity(outgoingPort, state.security), username };
  }
  const common = {
    email,
    password: state.password,
    incoming: { host: incomingHost, port: incomingPort, security: state.security, username },
    outgoing,
    // Only with an outgoing server; the service keeps it beside the account's password.
    ...(outgoing !== null && state.outgoingPassword.length > 0 ? { outgoingPassword: state.outgoingPassword } : {}),
  };
  if (state.protocol === 'imap') return { ok: true, args: { kind: 'imap', ...common } };
  const days = optionalWhole(state.deleteAfterDays);
  if (days === undefined || (days !== null && days > 3650)) return { ok: false, message: 'Delete after: enter a number of days from 0 to 3650, or leave it empty.' };
  const kilobytes = optionalWhole(state.maxMessageKb);
  if (kilobytes === undefined || kilobytes === 0) return { ok: false, message: 'Download whole messages up to: enter a size in KB, or leave it empty for no limit.' };
  return {
    ok: true,
    args: {
      kind: 'pop3',
      ...common,
      pop3: {
        leaveOnServer: state.leaveOnServer,
        deleteAfterDays: state.leaveOnServer ? days : null,
        deleteWhenDeletedHere: state.deleteWhenDeletedHere,
        maxMessageBytes: kilobytes === null ? null : Math.max(1, kilobytes) * 1024,
      },
    },
  };
}

// '' is "none" (null); a whole number is itself; anything else is undefined (invalid).
function optionalWhole(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : undefined;
}
