// Counts the hostile cases a suite tried and prints the total when it ends, so the test
// output says how many were tried (issue 9: counts in the test output).
import { after } from 'node:test';

export function hostileCounter(label: string): () => void {
  let tried = 0;
  after(() => {
    console.log(`${label}: ${tried} cases tried`);
  });
  return () => {
    tried += 1;
  };
}
