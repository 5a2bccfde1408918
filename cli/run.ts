/**
 * `lectern <command> …`: finds the command, parses its flags with `node:util` parseArgs (`--flag value`
 * and `--flag=value` alike), and runs it in the talk folder (the current folder).
 */
import { parseArgs } from 'node:util';
import { PACKAGE_VERSION } from '../src/build/packageRoot.ts';
import { type Command, UsageError } from './command.ts';
import { talkFolder } from './talkFolder.ts';

/**
 * Each command is loaded only when run: the live server's memory holds no compiler, Vite or
 * browser driver that only `build`, `dev` or `export` need.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  init: {
    summary: 'init <dir>        make a talk folder: package.json, slides/<deck>/deck.md, .gitignore, README',
    load: async () => (await import('./commands/init.ts')).initCommand,
  },
  new: {
    summary: 'new <deck>        start slides/<deck>/ from the authoring guide deck',
    load: async () => (await import('./commands/new.ts')).newCommand,
  },
  dev: {
    summary: 'dev               edit with the room live: pages reload on save, phones and speaker view stay connected',
    load: async () => (await import('./commands/dev.ts')).devCommand,
  },
  build: {
    summary: 'build             build every deck in slides/ into dist/',
    load: async () => (await import('./commands/build.ts')).buildCommand,
  },
  start: {
    summary: 'start             build if the slides changed, then serve the talk: phones, projector, speaker view',
    load: async () => (await import('./commands/start.ts')).startCommand,
  },
  export: {
    summary: 'export <deck>     the deck as a PDF handout (--notes, --results, --fragments)',
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
  results: {
    summary: 'results <deck>    the quiz results and rating of a talk (--json, --csv)',
    load: async () => (await import('./commands/results.ts')).resultsCommand,
  },
};

export const HELP = `lectern ${PACKAGE_VERSION}: give a talk from Markdown, with the room live on every phone.

Usage: lectern <command> [options]     run in your talk folder (the folder holding slides/)

${Object.values(COMMANDS)
  .map((command) => `  ${command.summary}`)
  .join('\n')}

  --help, -h        this help; \`lectern <command> --help\` for a command's options
  --version, -v     lectern's version
`;

/** Runs one command line; resolves with the exit code (`start` and `dev` resolve only when stopped). */
export async function runCli(argv: string[], cwd = process.cwd()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`lectern: no command "${name}"\n\n${HELP}`);
    return 2;
  }
  const command = await entry.load();
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: command.positionals[1] > 0,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(command.usage);
      return 0;
    }
    const [min, max] = command.positionals;
    if (positionals.length < min)
      throw new UsageError(`lectern ${name} needs ${min === 1 ? 'an argument' : `${min} arguments`}`);
    if (positionals.length > max)
      throw new UsageError(`lectern ${name}: too many arguments (${positionals.join(' ')})`);
    return (await command.run({ values, positionals, talk: talkFolder(cwd) })) ?? 0;
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`lectern ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (usage) process.stderr.write(`\n${command.usage}`);
    return usage ? 2 : 1;
  }
}
