// Fills the add-account form from discovered settings. It goes through updateAccountForm, so
// the form's own rules (default ports, the username following the address) stay in one place;
// every field stays editable afterwards.
import type { DiscoveredServer } from '../../../shared/setup/setup-types.ts';
import { updateAccountForm, type AccountFormField, type AccountFormState } from './account-form-model.ts';

export function applyDiscovered(state: AccountFormState, incoming: DiscoveredServer, outgoing: DiscoveredServer | null): AccountFormState {
  const changes: (readonly [AccountFormField, string])[] = [
    ['protocol', incoming.protocol],
    ['security', incoming.security],
    ['incomingHost', incoming.host],
    ['incomingPort', String(incoming.port)],
  ];
  // A username the provider's file gives differently from the address is filled in; else the
  // username keeps following the address as the user edits it.
  if (incoming.username !== state.email.trim()) changes.push(['username', incoming.username]);
  if (outgoing !== null) {
    changes.push(['outgoingHost', outgoing.host], ['outgoingPort', String(outgoing.port)]);
  }
  return changes.reduce((next, [field, value]) => updateAccountForm(next, field, value), state);
}

export function domainOf(email: string): string | null {
  const match = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/.exec(email.trim());
  return match?.[1]?.toLowerCase() ?? null;
}
