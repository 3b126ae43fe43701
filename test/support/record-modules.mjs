// Node `--import` hook for test/cli/module-graph.test.ts: appends every module the process loads to the file named by
// $RECORD_MODULES_FILE, one URL or path a line. ES modules are seen as they resolve (a resolve hook, in the hooks
// thread); CommonJS modules loaded by require() inside packages are listed from the require cache when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.RECORD_MODULES_FILE;
if (file) {
  register(`data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(file)}, resolved.url + '\\n');
  return resolved;
}`)}`);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    appendFileSync(file, Object.keys(require.cache).map((loaded) => `${loaded}\n`).join(''));
  });
}
