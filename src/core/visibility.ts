/**
 * Who may see what of a quiz poll: the one rule the server follows when it builds each role's view,
 * and the pages follow when they draw. The projector and the phones see what a screen in the room may
 * show; only the speaker view sees tallies before the bars are shown and the answer before the reveal.
 */
import type { PollPhase, PollState, Role } from '../protocol.ts';

type PollShowing = Pick<PollState, 'phase' | 'showResults'>;

/** The room sees a poll's bars once the presenter shows them, or reveals the answer. */
export function barsShown(poll: PollShowing): boolean {
  return poll.showResults || poll.phase === 'revealed';
}

/** Whether a socket of this role receives a poll's tallies: the presenter always, anyone else once the bars are shown. */
export function maySeeTally(role: Role, poll: PollShowing): boolean {
  return role === 'presenter' || barsShown(poll);
}

/**
 * Whether a socket of this role receives how many have answered (not the split): the screens the
 * speaker drives always, a phone once the bars are shown.
 */
export function mayCountAnswers(role: Role, poll: PollShowing): boolean {
  return role !== 'audience' || barsShown(poll);
}

/** Whether a socket of this role receives a poll's answer and explanation: the presenter always, anyone else at the reveal. */
export function mayKnowAnswer(role: Role, phase: PollPhase): boolean {
  return role === 'presenter' || phase === 'revealed';
}

/** Once the answer is revealed and this device voted, whether its ballot was right; otherwise nothing to say. */
export function ballotRight(poll: Pick<PollState, 'phase' | 'answer'>, choice: number | null): boolean | undefined {
  if (poll.phase !== 'revealed' || choice === null || poll.answer === undefined) return undefined;
  return choice === poll.answer;
}
