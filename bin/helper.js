#!/usr/bin/env node
// The `helper` command. `npm ci` compiles the sources into dist/ (the "prepare" script).
import { runCliProcess } from '../dist/cli/main.js';

await runCliProcess();
