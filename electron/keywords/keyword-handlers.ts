import { atomForLabel, canonicalAtom, equivalentAtoms, normaliseLabel } from '../../shared/keywords/keyword-atom.ts';
import type { MessageActions } from '../actions/message-actions.ts';
import type { EmitEvent, Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

type KeywordChannel = 'listKeywords' | 'createKeyword' | 'updateKeyword' | 'deleteKeyword' | 'setKeywords' | 'copyMessages';

export type KeywordHandlerOptions = {
  readonly store: Store;
  readonly emit: EmitEvent;
  readonly actions: Pick<MessageActions, 'applied'>;
};

// The keyword channels. A keyword on messages is changed like a flag: in the store at once
// and queued for the server (UID STORE +FLAGS/-FLAGS). Renaming or deleting a keyword
// rewrites it on every cached message that carries it, through the same queue.
export function createKeywordHandlers({ store, emit, actions }: KeywordHandlerOptions): Pick<Handlers, KeywordChannel> {
  function changed(): void {
    emit('keywordsChanged', null);
  }

  // Moves every cached message carrying `from` (any spelling) to `to`, or off it (null).
  async function rewrite(from: string, to: string | null): Promise<void> {
    const ids = await store.keywords.messagesCarrying(from);
    if (ids.length === 0) return;
    await actions.applied(store.actions.enqueueKeywords(ids, to === null ? [] : [to], equivalentAtoms(from), Date.now()));
  }

  return {
    listKeywords: () => store.keywords.list(),
    async createKeyword({ label, colour }) {
      const clean = normaliseLabel(label);
      const keyword = await store.keywords.create(atomForLabel(clean), clean, colour.toLowerCase(), Date.now());
      changed();
      return keyword;
    },
    async updateKeyword({ atom, label, colour }) {
      // A keyword another client set is defined here on its first change, under its own atom.
      const current = (await store.keywords.get(canonicalAtom(atom))) ??
        (await store.keywords.create(atom, atom, colour ?? '#808080', Date.now()));
      const clean = label === undefined ? undefined : normaliseLabel(label);
      const nextAtom = clean === undefined || clean === current.label ? current.atom : atomForLabel(clean);
      const keyword = await store.keywords.update(current.atom, {
        atom: nextAtom,
        ...(clean === undefined ? {} : { label: clean }),
        ...(colour === undefined ? {} : { colour: colour.toLowerCase() }),
      });
      if (nextAtom !== current.atom) await rewrite(current.atom, nextAtom);
      changed();
      return keyword;
    },
    async deleteKeyword({ atom }) {
      const keyword = await store.keywords.get(canonicalAtom(atom));
      await rewrite(keyword?.atom ?? atom, null);
      if (keyword !== null) await store.keywords.remove(keyword.atom);
      changed();
      return null;
    },
    async setKeywords({ messageIds, add, remove }) {
      const canonicalAdd = [...new Set(add.map(canonicalAtom))];
      const allRemoved = [...new Set(remove.flatMap(equivalentAtoms))];
      return actions.applied(store.actions.enqueueKeywords(messageIds, canonicalAdd, allRemoved, Date.now()));
    },
    copyMessages: ({ messageIds, targetFolderId }) => actions.applied(store.actions.enqueueCopy(messageIds, targetFolderId, Date.now())),
  };
}
