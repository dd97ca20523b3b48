// Proves who we are, by the method the caller chose: USER/PASS (RFC 1939 7), APOP
// (RFC 1939 7), SASL PLAIN (RFC 5034 with RFC 4616), or for OAuth2 accounts SASL OAUTHBEARER
// (RFC 7628) or XOAUTH2 with a bearer token. The password or token goes only onto the wire.
import { LetterboxError } from '../../shared/errors.ts';
import { tokenSaslMessage } from '../oauth/token-sasl-message.ts';
import { apopDigest } from './apop-digest.ts';
import { pop3ProtocolError, pop3ResponseError, type Pop3ErrorContext } from './classify-pop3-error.ts';
import type { Pop3Connection } from './pop3-connection.ts';
import type { Pop3Response } from './pop3-response-reader.ts';
import type { Pop3AuthMethod, Pop3Capabilities } from './pop3-types.ts';

export type LoginInput = {
  readonly username: string;
  readonly password: string;
  // With an OAuth2 account: the token sent instead of the password.
  readonly accessToken?: string;
  readonly method: Pop3AuthMethod;
  readonly capabilities: Pop3Capabilities;
  // The APOP timestamp from the greeting, when it had one.
  readonly timestamp: string | null;
  readonly context: Pop3ErrorContext;
};

// RFC 2449 4: a command line is at most 255 octets including CRLF.
const MAX_COMMAND_OCTETS = 255;

function check(response: Pop3Response, verb: string, context: Pop3ErrorContext): void {
  if (response.status === 'err') throw pop3ResponseError(response, verb, 'login', context);
  if (response.status === 'continue') throw pop3ProtocolError(`an unexpected "+" answer to ${verb}`, context);
}

export function chooseAuthMethod(method: Pop3AuthMethod, capabilities: Pop3Capabilities, withToken = false): Exclude<Pop3AuthMethod, 'auto'> {
  if (method !== 'auto') return method;
  if (withToken) return capabilities.saslMechanisms.includes('OAUTHBEARER') ? 'sasl-oauthbearer' : 'sasl-xoauth2';
  return capabilities.saslMechanisms.includes('PLAIN') ? 'sasl-plain' : 'user';
}

async function saslToken(connection: Pop3Connection, input: LoginInput, mechanism: 'OAUTHBEARER' | 'XOAUTH2'): Promise<void> {
  const { capabilities, context } = input;
  if (input.accessToken === undefined) {
    throw new LetterboxError('invalid-argument', `${mechanism} sign-in needs an access token; this account signs in with a password.`);
  }
  if (capabilities.announced && !capabilities.saslMechanisms.includes(mechanism)) {
    throw new LetterboxError('server-error', `${context.host} does not offer ${mechanism} sign-in, so this account's token cannot be used there.`);
  }
  const message = tokenSaslMessage(mechanism, { username: input.username, accessToken: input.accessToken, host: context.host, port: context.port });
  const withInitialResponse = `AUTH ${mechanism} ${message}`;
  let response: Pop3Response;
  if (withInitialResponse.length + 2 <= MAX_COMMAND_OCTETS) {
    response = await connection.command('AUTH', withInitialResponse, false);
  } else {
    // RFC 5034 4: a token too long for the command line is the answer to the first "+"; the
    // 255-octet limit is on commands, not on the client's responses.
    const challenge = await connection.command('AUTH', `AUTH ${mechanism}`, false);
    if (challenge.status !== 'continue') {
      check(challenge, 'AUTH', context);
      throw pop3ProtocolError(`no SASL challenge to AUTH ${mechanism}`, context);
    }
    response = await connection.command('AUTH', message, false);
  }
  if (response.status === 'continue') {
    // RFC 7628 3.2.3: a refused token gets a "+" with a JSON error; the client answers with a
    // lone ^A (OAUTHBEARER) or an empty line (XOAUTH2), and the server then says -ERR.
    response = await connection.command('AUTH', mechanism === 'OAUTHBEARER' ? 'AQ==' : '', false);
    if (response.status === 'continue') {
      await connection.command('AUTH', '*', false);
      throw pop3ProtocolError(`a second SASL challenge after the ${mechanism} token was refused`, context);
    }
  }
  check(response, 'AUTH', context);
}

async function userPass(connection: Pop3Connection, input: LoginInput): Promise<void> {
  check(await connection.command('USER', `USER ${input.username}`, false), 'USER', input.context);
  check(await connection.command('PASS', `PASS ${input.password}`, false), 'PASS', input.context);
}

async function apop(connection: Pop3Connection, input: LoginInput): Promise<void> {
  const { host } = input.context;
  if (input.timestamp === null) {
    throw new LetterboxError(
      'server-error',
      `${host} does not offer APOP sign-in (its greeting has no timestamp). Choose another sign-in method.`,
    );
  }
  const digest = apopDigest(input.timestamp, input.password);
  check(await connection.command('APOP', `APOP ${input.username} ${digest}`, false), 'APOP', input.context);
}

async function saslPlain(connection: Pop3Connection, input: LoginInput): Promise<void> {
  const { capabilities, context } = input;
  if (capabilities.announced && !capabilities.saslMechanisms.includes('PLAIN')) {
    throw new LetterboxError('server-error', `${context.host} does not offer SASL PLAIN sign-in. Choose another sign-in method.`);
  }
  // RFC 4616 2: [authzid] NUL authcid NUL passwd, here with no separate authorization identity.
  const credentials = Buffer.from(`\0${input.username}\0${input.password}`, 'utf8').toString('base64');
  const withInitialResponse = `AUTH PLAIN ${credentials}`;
  if (withInitialResponse.length + 2 <= MAX_COMMAND_OCTETS) {
    const response = await connection.command('AUTH', withInitialResponse, false);
    if (response.status === 'continue') {
      // RFC 5034 4: "*" cancels the exchange; the server then answers -ERR.
      await connection.command('AUTH', '*', false);
      throw pop3ProtocolError('a SASL challenge after the PLAIN credentials were sent', context);
    }
    check(response, 'AUTH', context);
    return;
  }
  // RFC 5034 4: an initial response that would make the line too long waits for "+".
  const challenge = await connection.command('AUTH', 'AUTH PLAIN', false);
  if (challenge.status !== 'continue') {
    check(challenge, 'AUTH', context);
    throw pop3ProtocolError('no SASL challenge to AUTH PLAIN', context);
  }
  check(await connection.command('AUTH', credentials, false), 'AUTH', context);
}

export async function login(connection: Pop3Connection, input: LoginInput): Promise<void> {
  const method = chooseAuthMethod(input.method, input.capabilities, input.accessToken !== undefined);
  switch (method) {
    case 'user':
      return userPass(connection, input);
    case 'apop':
      return apop(connection, input);
    case 'sasl-plain':
      return saslPlain(connection, input);
    case 'sasl-oauthbearer':
      return saslToken(connection, input, 'OAUTHBEARER');
    case 'sasl-xoauth2':
      return saslToken(connection, input, 'XOAUTH2');
  }
}
