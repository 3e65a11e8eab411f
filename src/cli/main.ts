#!/usr/bin/env node
import 'reflect-metadata';
import '../strategies/builtin.js';
import '../transport/builtin.js';
import { runCli } from './run-cli.js';

// Exit explicitly: a command that has finished must not be held open by a stray handle
// (stdout and stderr are synchronous for files and pipes on POSIX, so nothing is lost).
const code = await runCli(process.argv.slice(2));
process.exit(code);
