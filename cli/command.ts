/**
 * What every subcommand is: its flags (for `node:util` parseArgs, the one parser of the command line),
 * its help text, and what it does with them. `main.ts` parses; a command only reads the values.
 */
import type { ParseArgsConfig } from 'node:util';
import type { TalkFolder } from './talkFolder.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface Command {
  /** `lectern <name> --help`: usage and every flag. */
  usage: string;
  options: Options;
  /** How many positional arguments it takes, e.g. `[1, 1]` for exactly one deck. */
  positionals: [min: number, max: number];
  // biome-ignore lint/suspicious/noConfusingVoidType: a command that returns nothing exits with 0
  run(args: { values: Values; positionals: string[]; talk: TalkFolder }): Promise<number | void>;
}

/** A mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A flag's value as a string, or undefined when absent. */
export function stringValue(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
