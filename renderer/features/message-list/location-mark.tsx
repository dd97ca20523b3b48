import type { MessageLocation } from '../../../shared/domain.ts';
import { locationText } from '../../ui/location-text.ts';

const letters: Readonly<Record<MessageLocation, string>> = { server: 'S', local: 'L', both: 'S+L' };

// The small marker of where a message lives: S (the server), L (Local Folders on this
// computer), S+L (both). Its words are in the row's and the reader's accessible text.
export function LocationMark({ location }: { readonly location: MessageLocation }) {
  return (
    <span className={`location-mark location-${location}`} title={`Kept ${locationText(location)}`}>
      {letters[location]}
    </span>
  );
}
