import { highlightParts } from './highlight-ranges.ts';

// Text with the searched words in <mark>, which screen readers announce as highlighted.
export function HighlightedText({ text, terms }: { readonly text: string; readonly terms: readonly string[] }) {
  if (terms.length === 0) return <>{text}</>;
  return (
    <>
      {highlightParts(text, terms).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </>
  );
}
