import { useEffect, useRef, useState } from 'react';

type SearchBoxProps = {
  readonly query: string;
  readonly onQuery: (query: string) => void;
};

// Results follow typing: the query is committed one animation frame after the last
// keystroke, so a burst of keys costs one search, and a pause shows results at once.
// Mounted keyed, so a saved search chosen in the sidebar starts it afresh with its query.
export function SearchBox({ query, onQuery }: SearchBoxProps) {
  const [text, setText] = useState(query);
  const frame = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  function change(next: string) {
    setText(next);
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      onQuery(next);
    });
  }

  return (
    <div className="search-box">
      <input
        type="search"
        role="searchbox"
        aria-label="Search mail"
        placeholder="Search mail (from:, subject:, has:attachment, before:2024-01-31 …)"
        value={text}
        spellCheck={false}
        onChange={(event) => { change(event.currentTarget.value); }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') change('');
        }}
      />
    </div>
  );
}
