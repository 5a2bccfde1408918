/** What the speaker view's keys do. */
export interface SpeakerActions {
  next(): void;
  previous(): void;
  first(): void;
  last(): void;
  toggleTimer(): void;
  /** Open the focused poll, or close it when open. */
  togglePoll(): void;
  revealPoll(): void;
  toggleBars(): void;
  toggleHelp(): void;
  /** Every slide, grouped by section, to jump to one. */
  toggleOverview(): void;
  /** Closes whatever overlay is open (overview, shortcuts). */
  dismiss(): void;
  /** Goes to slide `number` (1-based, reading order); false when the deck has no such slide. */
  goToNumber(number: number): boolean;
}

/** The keys, for the help card: clickers send PageDown/PageUp, keyboards the arrows and space. */
export const SHORTCUTS: readonly [keys: string, action: string][] = [
  ['→  Space  PageDown  N', 'next'],
  ['←  PageUp  P', 'previous'],
  ['Home  End', 'first / last slide'],
  ['12 Enter', 'go to slide 12'],
  ['G', 'all slides, to jump to one'],
  ['T', 'start / pause the timer'],
  ['O', 'open / close the poll'],
  ['B', 'show / hide the bars'],
  ['R', 'reveal the answer'],
  ['?', 'these shortcuts'],
];

/** How long a typed slide number waits for its Enter. */
const NUMBER_TIMEOUT_MS = 4000;

/**
 * Desktop shortcuts. Keys typed into a field, or pressed with a modifier, are left alone.
 * Digits build a slide number that Enter goes to, as on reveal's deck; `onNumber` shows what is typed
 * (null once it is used or dropped).
 */
export function bindKeys(actions: SpeakerActions, onNumber: (typed: string | null) => void = () => {}): void {
  let typed = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const setTyped = (next: string) => {
    typed = next;
    if (timer) clearTimeout(timer);
    timer = next ? setTimeout(() => setTyped(''), NUMBER_TIMEOUT_MS) : null;
    onNumber(next || null);
  };

  addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    if (/^[0-9]$/.test(event.key)) {
      event.preventDefault();
      setTyped((typed + event.key).slice(-4));
      return;
    }
    if (typed && (event.key === 'Enter' || event.key === 'Escape' || event.key === 'Backspace')) {
      event.preventDefault();
      if (event.key === 'Backspace') return setTyped(typed.slice(0, -1));
      const number = Number(typed);
      setTyped('');
      if (event.key === 'Enter') actions.goToNumber(number);
      return;
    }
    // Space and Enter on a focused button press the button.
    if (target?.closest('button') && (event.key === ' ' || event.key === 'Enter')) return;
    const action = ACTIONS[event.key];
    if (!action) return;
    event.preventDefault();
    actions[action]();
  });
}

const ACTIONS: Record<string, Exclude<keyof SpeakerActions, 'goToNumber'>> = {
  ArrowRight: 'next',
  ArrowDown: 'next',
  ' ': 'next',
  PageDown: 'next',
  n: 'next',
  ArrowLeft: 'previous',
  ArrowUp: 'previous',
  PageUp: 'previous',
  p: 'previous',
  Home: 'first',
  End: 'last',
  t: 'toggleTimer',
  o: 'togglePoll',
  r: 'revealPoll',
  b: 'toggleBars',
  g: 'toggleOverview',
  G: 'toggleOverview',
  Escape: 'dismiss',
  '?': 'toggleHelp',
};
