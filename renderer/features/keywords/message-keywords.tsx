import { useEffect, useState } from 'react';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';
import { KeywordChips } from './keyword-chips.tsx';
import { KeywordsMenu } from './keywords-menu.tsx';
import { keywordQuery } from './keyword-toggle.ts';

type MessageKeywordsProps = {
  readonly messageId: string;
  readonly initial: readonly string[];
  readonly known: readonly Keyword[];
  readonly onFilter: (query: string) => void;
};

// The open message's Keywords menu and chips, kept current as its keywords change (here,
// through the queue, or on another device through sync).
export function MessageKeywords({ messageId, initial, known, onFilter }: MessageKeywordsProps) {
  const api = useApi();
  const [keywords, setKeywords] = useState(initial);
  const [version, refresh] = useRefresh(100);
  useApiEvent('messagesChanged', refresh);
  useEffect(() => {
    if (version === 0) return;
    let active = true;
    void api.invoke('getMessage', { messageId }).then((result) => {
      if (active && result.ok) setKeywords(result.value.keywords);
    });
    return () => {
      active = false;
    };
  }, [api, messageId, version]);
  return (
    <div className="message-keywords">
      <KeywordsMenu messages={[{ id: messageId, keywords }]} keywords={known} />
      <KeywordChips keywords={keywords} known={known} onChoose={(keyword) => { onFilter(keywordQuery(keyword)); }} />
    </div>
  );
}
