/**
 * The soak's verdict on an adoption request that got no answer (bench/soak.ts, wholeOrAbsent):
 * from the store's adoption rows, the proposal's adoptedIn and git's tags after the run, it is
 * either applied whole, absent, or named as half (which fails the soak).
 */
import { expect, it } from 'vitest';
import { wholeOrAbsent } from '../../bench/soak.js';

const row = { status: 'vastgesteld', tag: 'rtp-2.5', commit: 'c5', tagObject: 't5', version: '2.5' };

it('an unanswered adoption is applied when its row is final, its tag exists and the proposal is adopted; absent when nothing names the proposal', () => {
  expect(wholeOrAbsent(7, [row], '2.5', { 'refs/tags/rtp-2.5': 't5' })).toEqual({ outcome: 'applied' });
  expect(wholeOrAbsent(7, [], null, { 'refs/tags/rtp-2.5': 't5' })).toEqual({ outcome: 'absent' });
});

it('anything between is half, with what does not fit', () => {
  expect(wholeOrAbsent(7, [{ ...row, status: 'bezig' }], null, { 'refs/tags/rtp-2.5': 't5' })).toMatchObject({ outcome: 'half', detail: expect.stringContaining('rtp-2.5 bezig') });
  expect(wholeOrAbsent(7, [row], '2.5', {})).toMatchObject({ outcome: 'half', detail: expect.stringContaining('tag missing') });
  expect(wholeOrAbsent(7, [row], null, { 'refs/tags/rtp-2.5': 't5' })).toMatchObject({ outcome: 'half', detail: expect.stringContaining('adoptedIn null') });
  expect(wholeOrAbsent(7, [], '2.5', {})).toMatchObject({ outcome: 'half', detail: 'proposal 7 adopted in 2.5 without an adoption row' });
});
