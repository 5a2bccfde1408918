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
}

/** The keys, for the help card: clickers send PageDown/PageUp, keyboards the arrows and space. */
export const SHORTCUTS: readonly [keys: string, action: string][] = [
  ['→  Space  PageDown  N', 'next'],
  ['←  PageUp  P', 'previous'],
  ['Home  End', 'first / last slide'],
  ['T', 'start / pause the timer'],
  ['O', 'open / close the poll'],
  ['B', 'show / hide the bars'],
  ['R', 'reveal the answer'],
  ['?', 'these shortcuts'],
];

/** Desktop shortcuts. Keys typed into a field, or pressed with a modifier, are left alone. */
export function bindKeys(actions: SpeakerActions): void {
  addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    // Space and Enter on a focused button press the button.
    if (target?.closest('button') && (event.key === ' ' || event.key === 'Enter')) return;
    const action = ACTIONS[event.key];
    if (!action) return;
    event.preventDefault();
    actions[action]();
  });
}

const ACTIONS: Record<string, keyof SpeakerActions> = {
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
  '?': 'toggleHelp',
};
