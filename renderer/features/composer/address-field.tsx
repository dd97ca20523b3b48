import { useId, useState } from 'react';
import type { AddressSuggestion } from '../../../shared/compose/compose-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { completeLast, formatSuggestion, lastToken } from './recipients.ts';

type AddressFieldProps = {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
};

// A recipients line with suggestions from addresses in the store (most used, most recent
// first) for the address being typed; arrow keys choose, Enter or a click takes one.
export function AddressField({ label, value, onChange }: AddressFieldProps) {
  const api = useApi();
  const id = useId();
  const [suggestions, setSuggestions] = useState<readonly AddressSuggestion[]>([]);
  const [active, setActive] = useState(0);
  const listId = `${id}-suggestions`;

  async function lookUp(text: string) {
    const token = lastToken(text);
    if (token.length < 1) {
      setSuggestions([]);
      return;
    }
    const result = await api.invoke('suggestAddresses', { query: token, limit: 8 });
    // The field may have moved on while the answer travelled.
    if (result.ok) {
      setSuggestions(result.value);
      setActive(0);
    }
  }

  function choose(suggestion: AddressSuggestion) {
    onChange(completeLast(value, formatSuggestion(suggestion.name, suggestion.address)));
    setSuggestions([]);
  }

  const open = suggestions.length > 0;
  return (
    <div className="composer-field address-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          void lookUp(event.target.value);
        }}
        onBlur={() => {
          // Late enough for a click on a suggestion to land first.
          setTimeout(() => { setSuggestions([]); }, 150);
        }}
        onKeyDown={(event) => {
          if (!open) return;
          if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, suggestions.length - 1));
          else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
          else if (event.key === 'Escape') setSuggestions([]);
          else if (event.key === 'Enter' || event.key === 'Tab') {
            const chosen = suggestions[active];
            if (chosen === undefined) return;
            choose(chosen);
          } else return;
          event.preventDefault();
        }}
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label={`${label} suggestions`} className="menu suggestions">
          {suggestions.map((suggestion, index) => (
            <li
              key={suggestion.address}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(suggestion);
              }}
            >
              {formatSuggestion(suggestion.name, suggestion.address)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
