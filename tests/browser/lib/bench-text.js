/**
 * What the browser benchmarks (measure.js, bench-overlay.js) share: the realistic post text
 * they time, and the statistics they print, so both measure the same texts the same way.
 */

/** Sentences a clinician might post: mostly harmless, one identifying, one stigmatising word. */
export const SENTENCES = [
  'Clients often ask me how to cope with holiday stress.',
  'Here are five tips that help most people slow down.',
  'My 3pm today, a 34-year-old teacher from Leeds, told me about her divorce.',
  'Grounding exercises work best when you practise them before you need them.',
  'Honestly some weeks feel crazy, but supervision helps.',
  'If you are struggling, talk to your GP or call a local helpline.',
];

/**
 * Realistic text of exactly `n` characters made of SENTENCES. `paragraphs`: a line break after
 * every third sentence, and the text ends on a full stop (as a post typed into an editor would).
 * @param {number} n
 * @param {{ paragraphs?: boolean }} [opts]
 */
export function postText(n, { paragraphs = false } = {}) {
  let s = '';
  for (let i = 0; s.length < n; i++) s += SENTENCES[i % SENTENCES.length] + (paragraphs && i % 3 === 2 ? '\n' : ' ');
  return paragraphs ? s.slice(0, n - 1).trimEnd().padEnd(n - 1, '.') + '.' : s.slice(0, n);
}

/** The `p` quantile (0..1) of `xs`, nearest rank. @param {number[]} xs @param {number} p */
export const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** The median of `xs` (the mean of the middle two for an even count). @param {number[]} xs */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
