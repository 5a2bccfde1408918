/**
 * `lectern start` under its older name: the talk server for the current folder, with the same flags
 * (`--port`, `--dist`, `--data`, `--no-build`, …). The command itself is `cli/commands/start.ts`.
 */
import { runCli } from '../cli/run.ts';

process.exitCode = await runCli(['start', ...process.argv.slice(2)]);
