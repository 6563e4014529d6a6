// Copies every non-TypeScript file under src/ (the chat page and its script and style, the admin
// console's assets, anything else read via import.meta.url) next to the compiled JavaScript in dist/.
import { cpSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || /\.tsx?$/.test(entry.name)) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(dist, relative(src, from)));
  copied += 1;
}
console.log(`copied ${copied} asset files from src/ to dist/`);
