import { keywordChips } from '../../../shared/keywords/keyword-chips.ts';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';

type KeywordChipsProps = {
  readonly keywords: readonly string[];
  readonly known: readonly Keyword[];
  // A click on a chip lists the messages carrying that keyword.
  readonly onChoose?: (keyword: Keyword) => void;
};

// A message's keywords as coloured chips, labelled as the user named them.
export function KeywordChips({ keywords, known, onChoose }: KeywordChipsProps) {
  const chips = keywordChips(keywords, known);
  if (chips.length === 0) return null;
  return (
    <span className="keyword-chips">
      {chips.map((chip) => (
        <span
          key={chip.atom}
          className={chip.localOnly ? 'keyword-chip local-only' : 'keyword-chip'}
          style={chip.colour === null ? undefined : { borderColor: chip.colour, color: chip.colour }}
          title={chip.localOnly ? `${chip.label} (kept on this computer only: the server cannot store it)` : `Show messages with keyword ${chip.label}`}
          onClick={(event) => {
            if (onChoose === undefined) return;
            event.stopPropagation();
            onChoose(chip);
          }}
        >
          {chip.label}
        </span>
      ))}
    </span>
  );
}
