/**
 * A tiny element builder. Every string goes in as text (never parsed as HTML), so anything that came
 * from the network or from an audience member cannot inject markup.
 */
export interface ElementOptions {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  data?: Record<string, string>;
}

export type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.class) element.className = options.class;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  for (const [name, value] of Object.entries(options.data ?? {})) element.dataset[name] = value;
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Sets text only when it differs, so frequent re-renders do not disturb screen readers or selection. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** The deck id the page was built for (`<body data-deck>`). */
export function deckIdOf(body: HTMLElement = document.body): string {
  const id = body.dataset.deck;
  if (!id) throw new Error('this page has no data-deck attribute');
  return id;
}
