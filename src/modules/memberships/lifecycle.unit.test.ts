import { describe, expect, it } from 'vitest';
import { CONVENTION_EVENTS, CONVENTION_STATES, generationOf, nextState, termEnd, TransitionRefused, type ConventionEvent, type ConventionState } from './lifecycle.ts';

/** The expected table, written out in full: every (state, event) pair not listed here must be refused. */
const EXPECTED: Array<[ConventionState, ConventionEvent, ConventionState]> = [
  ['draft', 'submit', 'awaiting_deliberation'],
  ['draft', 'abandon', 'abandoned'],
  ['awaiting_deliberation', 'sign', 'active'],
  ['awaiting_deliberation', 'abandon', 'abandoned'],
  ['active', 'renew_tacitly', 'active'],
  ['active', 'expire', 'expired'],
  ['active', 'renew_expressly', 'active'],
  ['active', 'terminate', 'terminated'],
  ['expired', 'renew_expressly', 'expired'],
];

describe('convention state machine', () => {
  for (const state of CONVENTION_STATES) {
    for (const event of CONVENTION_EVENTS) {
      const allowed = EXPECTED.find(([s, e]) => s === state && e === event);
      it(`${state} + ${event} → ${allowed ? allowed[2] : 'refused'}`, () => {
        if (allowed) expect(nextState(state, event)).toBe(allowed[2]);
        else {
          expect(() => nextState(state, event)).toThrow(TransitionRefused);
          expect(() => nextState(state, event)).toThrow(/^Action « .+ » impossible : la convention est à l’état « .+ »\.$/);
        }
      });
    }
  }
  it('says which action and which state in French', () => {
    expect(() => nextState('terminated', 'sign')).toThrow('Action « enregistrer la signature » impossible : la convention est à l’état « Résiliée ».');
  });
});

describe('generations and yearly terms', () => {
  it('maps a date to its membership generation', () => {
    expect(generationOf('2024-06-30')).toEqual({ startsOn: '2018-07-01', endsOn: '2024-06-30' });
    expect(generationOf('2024-07-01')).toEqual({ startsOn: '2024-07-01', endsOn: '2030-06-30' });
    expect(generationOf('2030-06-30')).toEqual({ startsOn: '2024-07-01', endsOn: '2030-06-30' });
    expect(generationOf('2019-01-15')).toEqual({ startsOn: '2018-07-01', endsOn: '2024-06-30' });
  });
  it('yearly terms end the day before the anniversary; the sixth ends with the generation', () => {
    expect(termEnd('2024-07-01', 0)).toBe('2025-06-30');
    expect(termEnd('2024-07-01', 5)).toBe('2030-06-30');
  });
});
