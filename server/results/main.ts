/** `lectern results` under its older name (`cli/commands/results.ts`). */
import { runCli } from '../../cli/run.ts';

process.exitCode = await runCli(['results', ...process.argv.slice(2)]);
