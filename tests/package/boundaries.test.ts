/**
 * The boundaries the type check keeps (`tsc -b`, one project per place code runs): each case adds a
 * line a newcomer might write to real files of a project, in memory, and the project's own compiler
 * options must refuse it. Nothing on disk changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build.ts';

/** What each edited file's diagnostics are, in project `config`, once its line is appended to it. */
function diagnosticsWith(config: string, edits: Record<string, string>): Record<string, string[]> {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(PROJECT_ROOT, config), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${config}`);
  const edited = new Map(
    Object.entries(edits).map(([file, line]) => {
      const full = path.join(PROJECT_ROOT, file);
      return [full, `${fs.readFileSync(full, 'utf8')}\n${line}\n`];
    }),
  );
  const options = { ...parsed.options, noEmit: true, emitDeclarationOnly: false };
  // Referenced projects are read from their sources (as editors do), so no earlier `tsc -b` is needed.
  const host: ts.CompilerHost & { useSourceOfProjectReferenceRedirect?(): boolean } = ts.createCompilerHost(options);
  const { getSourceFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const text = edited.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, text, language);
  };
  host.useSourceOfProjectReferenceRedirect = () => true;
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options,
    host,
    projectReferences: parsed.projectReferences,
  });
  const text = (diagnostic: ts.Diagnostic) =>
    `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  const found: Record<string, string[]> = {};
  for (const file of Object.keys(edits)) {
    found[file] = program.getSemanticDiagnostics(program.getSourceFile(path.join(PROJECT_ROOT, file))).map(text);
  }
  return found;
}

describe('the compiler keeps each part of the code to what it may use', () => {
  it('the pure core sees neither the DOM nor Node, and the talk core imports no store file', () => {
    const found = diagnosticsWith('tsconfig.core.json', {
      'src/compile/escape.ts': 'export const leak = document.title + process.pid;',
      'server/talk/talk.ts':
        "import { createMemoryStore } from '../store/memory.ts';\nexport const leak = createMemoryStore;",
    });
    expect(found['src/compile/escape.ts']).toEqual([
      expect.stringMatching(/^TS2584: Cannot find name 'document'/),
      expect.stringMatching(/^TS2591: Cannot find name 'process'/),
    ]);
    expect(found['server/talk/talk.ts']).toContainEqual(
      expect.stringMatching(/^TS6307: File .*server\/store\/memory\.ts' is not listed/),
    );
  });

  it('a page imports no server file and sees no Node', () => {
    const found = diagnosticsWith('tsconfig.browser.json', {
      'src/shared/theme.ts': "import { loadDecks } from '../../server/loadDecks.ts';\nexport const leak = loadDecks;",
      'src/audience/main.ts': 'console.log(process.pid);',
    });
    expect(found['src/shared/theme.ts']).toContainEqual(
      expect.stringMatching(/^TS6307: File .*server\/loadDecks\.ts' is not listed/),
    );
    expect(found['src/audience/main.ts']).toEqual([expect.stringMatching(/^TS2591: Cannot find name 'process'/)]);
  });

  it('Node code sees no DOM, and what Node runs inside a page sees no Node', () => {
    const node = diagnosticsWith('tsconfig.node.json', {
      'server/loadDecks.ts': 'export const leak = document.title;',
    });
    expect(node['server/loadDecks.ts']).toEqual([expect.stringMatching(/^TS2584: Cannot find name 'document'/)]);
    const inPage = diagnosticsWith('tsconfig.inpage.json', {
      'src/build/inPage/openedDeck.ts': 'export const leak = process.pid;',
    });
    expect(inPage['src/build/inPage/openedDeck.ts']).toEqual([
      expect.stringMatching(/^TS2591: Cannot find name 'process'/),
    ]);
  });
});
