#!/usr/bin/env node
// The `lectern` command (package.json `bin`).
import { runCli } from './run.ts';

process.exitCode = await runCli(process.argv.slice(2));
