#!/usr/bin/env node
// `npm run web:budget` (after `npm run build`): prints the JavaScript the first page loads
// (the entry script and its modulepreloads, gzip) against the 250 KB budget, and the lazily
// loaded chunks (editor, charts, Markdown). Printed, not asserted: budgets are watched, not timed tests.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/web';
const BUDGET_KB = 250;
const gz = (file) => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length / 1024;
const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
const firstPage = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) {
  console.error('index.html has an inline script: the Content-Security-Policy would block it');
  process.exitCode = 1;
}
let total = 0;
console.log('First page (index.html): JavaScript, gzip');
for (const f of firstPage) {
  const kb = gz(f);
  total += kb;
  console.log(`  ${kb.toFixed(1).padStart(7)} KB  ${f}`);
}
console.log(
  `  ${total.toFixed(1).padStart(7)} KB  total, budget ${BUDGET_KB} KB: ${total <= BUDGET_KB ? 'within' : 'OVER'}`,
);
console.log('Loaded lazily, gzip:');
const lazy = readdirSync(path.join(dir, 'assets')).filter(
  (f) => f.endsWith('.js') && !firstPage.includes(`assets/${f}`) && /CodeEditor|Curves|Markdown/.test(f),
);
for (const f of lazy) console.log(`  ${gz(`assets/${f}`).toFixed(1).padStart(7)} KB  assets/${f}`);
if (total > BUDGET_KB) process.exitCode = 1;
