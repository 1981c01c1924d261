/** Commit messages from single-line fields: what a typed title or name can and cannot put into git's line-oriented formats. */
import { describe, expect, it } from 'vitest';
import { commitMessage, ITEM_MAX, safeIdentity, singleLine, SUBJECT_MAX } from '../../src/amend/commit-message.js';

describe('commit messages', () => {
  it('turn line breaks, controls, separators and bidi overrides into single spaces', () => {
    expect(singleLine('a\nb\r\nc\td\u0000e\u0085f\u2028g\u2029h\u202Ei\u2066j\uD800k', 100)).toBe('a b c d e f g h i j k');
    expect(commitMessage('Voorstel 1: x\n\nSigned-off-by: M <m@x>', ['toelichting: y\n\nReviewed-by: z'])).toBe('Voorstel 1: x Signed-off-by: M <m@x>\n\n- toelichting: y Reviewed-by: z\n');
    expect(commitMessage('RTP 2.1 overgenomen')).toBe('RTP 2.1 overgenomen\n');
  });

  it('bound every field, without splitting a character', () => {
    const s = commitMessage('😀'.repeat(500), ['é'.repeat(2000)]);
    const [subject, , item] = s.split('\n');
    expect(Array.from(subject)).toHaveLength(SUBJECT_MAX);
    expect(subject.endsWith('😀…')).toBe(true);
    expect(Array.from(item)).toHaveLength(ITEM_MAX + 2);
    expect(Buffer.from(s, 'utf8').toString('utf8')).toBe(s);
  });

  it('make author and tagger names single-line, without < or >', () => {
    expect(safeIdentity({ name: 'Mallory\ntagger Root <root@x> 0 +0000', email: 'mal lory@x\n', time: 1 })).toEqual({ name: 'Mallory tagger Root root@x 0 +0000', email: 'mallory@x', time: 1 });
  });
});
