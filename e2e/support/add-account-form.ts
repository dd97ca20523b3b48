// Fills the Add account form as a person would and submits it.
import type { Locator, Page } from 'playwright-core';
import type { DovecotServer } from '../../test/servers/dovecot.ts';

export type AccountFormFields = {
  readonly email: string;
  readonly password: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly security?: 'TLS' | 'STARTTLS' | 'None';
  // Chosen before the server fields, since choosing it sets the default port.
  readonly protocol?: 'IMAP' | 'POP3';
  readonly outgoing?: { readonly host: string; readonly port: number };
};

export function addAccountForm(page: Page): Locator {
  return page.getByRole('form', { name: 'Add account' }).or(page.getByRole('dialog', { name: 'Add account' }));
}

export async function submitAddAccount(page: Page, fields: AccountFormFields): Promise<void> {
  const form = addAccountForm(page);
  await form.getByLabel('Email address').fill(fields.email);
  await form.getByLabel('Password').fill(fields.password);
  if (fields.protocol !== undefined) await form.getByLabel('Protocol').selectOption({ label: fields.protocol });
  await form.getByLabel('Incoming server').fill(fields.host);
  await form.getByLabel('Security').selectOption({ label: fields.security ?? 'TLS' });
  await form.getByLabel('Incoming port').fill(String(fields.port));
  await form.getByLabel('Username').fill(fields.username);
  if (fields.outgoing !== undefined) {
    await form.getByLabel('Outgoing server').fill(fields.outgoing.host);
    await form.getByLabel('Outgoing port').fill(String(fields.outgoing.port));
  }
  await form.getByRole('button', { name: 'Add account', exact: true }).click();
}

// A test user's account on the private Dovecot, over implicit TLS (what most tests add).
export function dovecotAccount(
  server: Pick<DovecotServer, 'user' | 'host' | 'imapsPort'>,
  username: string,
  outgoing?: AccountFormFields['outgoing'],
): AccountFormFields {
  const fields = { email: `${username}@example.org`, password: server.user(username).password, host: server.host, port: server.imapsPort, username };
  return outgoing === undefined ? fields : { ...fields, outgoing };
}
