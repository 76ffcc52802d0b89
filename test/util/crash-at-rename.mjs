// Preloaded into a command under test (`node --import`): SIGKILLs the process at the N-th rename of
// an atomic write (TUNEGRAD_CRASH_AT=N), just before it (TUNEGRAD_CRASH_WHEN=before) or just after
// it (the default). With N = 0 it kills nothing and prints "renames: <count>" on stderr at exit.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const at = Number(process.env.TUNEGRAD_CRASH_AT ?? 0);
const before = process.env.TUNEGRAD_CRASH_WHEN === 'before';
const rename = fs.renameSync;
let count = 0;
fs.renameSync = (from, to) => {
  count++;
  if (count === at && before) process.kill(process.pid, 'SIGKILL');
  rename(from, to);
  if (count === at && !before) process.kill(process.pid, 'SIGKILL');
};
syncBuiltinESMExports();
if (at === 0) process.on('exit', () => process.stderr.write(`renames: ${count}\n`));
