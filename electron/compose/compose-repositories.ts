import type { DatabaseSync } from 'node:sqlite';
import { createAddressSuggestions, type AddressSuggestions } from './address-suggestions.ts';
import { createDraftRepository, type DraftRepository } from './draft-repository.ts';
import { createOriginalFlags, type OriginalFlags } from './original-flags.ts';
import { createOutboxRepository, type OutboxRepository } from './outbox-repository.ts';
import { createSendSettingsRepository, type SendSettingsRepository } from './send-settings-repository.ts';

// The store's part for composing (migration 008): the outbox, drafts, the flags a sent
// reply sets on its original, and address suggestions.
export type ComposeRepositories = {
  readonly outbox: OutboxRepository;
  readonly drafts: DraftRepository;
  readonly originals: OriginalFlags;
  readonly addresses: AddressSuggestions;
  readonly settings: SendSettingsRepository;
};

export function createComposeRepositories(database: DatabaseSync): ComposeRepositories {
  return {
    outbox: createOutboxRepository(database),
    drafts: createDraftRepository(database),
    originals: createOriginalFlags(database),
    addresses: createAddressSuggestions(database),
    settings: createSendSettingsRepository(database),
  };
}
