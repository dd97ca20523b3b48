import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { keywordForKey, toggleChange } from './keyword-toggle.ts';

type Tagged = { readonly id: string; readonly keywords: readonly string[] };

// Keys 1 to 9 on the message list toggle the first nine keywords on the selected messages.
// Returns whether the key was one of them. The chosen rows decide add or remove; the change
// goes to every message they stand for (messageIds: a collapsed conversation's row, all of it).
export function useKeywordShortcut(
  keywords: readonly Keyword[],
): (key: string, messages: readonly Tagged[], messageIds?: () => Promise<readonly string[]>) => boolean {
  const api = useApi();
  return (key, messages, messageIds) => {
    const keyword = keywordForKey(key, keywords);
    if (keyword === null || messages.length === 0) return false;
    const change = toggleChange(messages, keyword.atom);
    const ids = messageIds === undefined ? Promise.resolve(messages.map((message) => message.id)) : messageIds();
    void ids.then((chosen) => (chosen.length === 0 ? null : api.invoke('setKeywords', { messageIds: [...chosen], ...change })));
    return true;
  };
}
