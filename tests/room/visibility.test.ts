import { describe, expect, it } from 'vitest';
import { ballotRight, barsShown, mayCountAnswers, mayKnowAnswer, maySeeTally } from '../../src/core/visibility.ts';
import type { PollPhase, Role } from '../../src/protocol.ts';

const PHASES: PollPhase[] = ['closed', 'open', 'revealed'];

describe('who may see what of a poll', () => {
  it('only the speaker view knows the answer before the reveal; everyone at the reveal', () => {
    const table = (role: Role) => PHASES.map((phase) => mayKnowAnswer(role, phase));
    expect(table('presenter')).toEqual([true, true, true]);
    expect(table('projector')).toEqual([false, false, true]);
    expect(table('audience')).toEqual([false, false, true]);
  });

  it('the bars show once the presenter shows them or reveals; only the speaker view has tallies before', () => {
    const hidden = { phase: 'open', showResults: false } as const;
    const shown = { phase: 'open', showResults: true } as const;
    const revealed = { phase: 'revealed', showResults: false } as const;
    expect([hidden, shown, revealed].map(barsShown)).toEqual([false, true, true]);
    expect(maySeeTally('presenter', hidden)).toBe(true);
    expect(maySeeTally('projector', hidden)).toBe(false);
    expect(maySeeTally('audience', hidden)).toBe(false);
    expect(maySeeTally('projector', shown)).toBe(true);
    expect(maySeeTally('audience', revealed)).toBe(true);
    // The projected slide says how many answered while the phones are still voting.
    expect(mayCountAnswers('projector', hidden)).toBe(true);
    expect(mayCountAnswers('audience', hidden)).toBe(false);
    expect(mayCountAnswers('audience', shown)).toBe(true);
  });

  it('a ballot is right or wrong only once revealed, and only for a device that voted', () => {
    expect(ballotRight({ phase: 'revealed', answer: 1 }, 1)).toBe(true);
    expect(ballotRight({ phase: 'revealed', answer: 1 }, 0)).toBe(false);
    expect(ballotRight({ phase: 'revealed', answer: 1 }, null)).toBeUndefined();
    expect(ballotRight({ phase: 'closed', answer: 1 }, 1)).toBeUndefined();
    expect(ballotRight({ phase: 'revealed' }, 1)).toBeUndefined();
  });
});
