import { RULES } from '../../rules/index.js';
import { run } from './program.js';

process.exitCode = run(process.argv.slice(2), RULES, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
