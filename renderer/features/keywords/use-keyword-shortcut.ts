import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { keywordForKey, toggleChange } from './keyword-toggle.ts';

type Tagged = { readonly id: string; readonly keywords: readonly string[] };

// Keys 1 to 9 on the message list toggle the first nine keywords on the selected messages.
// Returns whether the key was one of them.
export function useKeywordShortcut(keywords: readonly Keyword[]): (key: string, messages: readonly Tagged[]) => boolean {
  const api = useApi();
  return (key, messages) => {
    const keyword = keywordForKey(key, keywords);
    if (keyword === null || messages.length === 0) return false;
    void api.invoke('setKeywords', { messageIds: messages.map((message) => message.id), ...toggleChange(messages, keyword.atom) });
    return true;
  };
}
