export declare const DECK_NAME: RegExp;
export declare function deckNameProblem(name: string): string | null;
export declare function deckNameFrom(text: string): string;
export declare function newDeck(templateDir: string, slidesDir: string, name: string): string;
export declare function createTalk(
  dir: string,
  options: { templateDir: string; lecternVersion: string; deck?: string },
): string;
