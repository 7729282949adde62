import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchemaSdl, findResolvers } from '../graphql/schema-sdl.js';

/** `npm run schema:emit`: writes web/schema.graphql (then `npm run web:codegen` types the operations). */
const distSrc = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const sdl = await buildSchemaSdl(await findResolvers(distSrc, '.js'));
writeFileSync('web/schema.graphql', sdl);
process.stdout.write(`web/schema.graphql: ${sdl.split('\n').length} lines\n`);
