/** `lectern export` under its older name (`cli/commands/export.ts`). */
import { runCli } from '../../cli/run.ts';

process.exitCode = await runCli(['export', ...process.argv.slice(2)]);
