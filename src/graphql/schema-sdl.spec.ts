import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildSchemaSdl, findResolvers } from './schema-sdl.js';

describe('web/schema.graphql', () => {
  it('is the schema the resolvers build today (run `npm run schema:emit` after changing the API)', async () => {
    const sdl = await buildSchemaSdl(await findResolvers('src', '.ts'));
    expect(sdl).toContain('type Query');
    expect(readFileSync('web/schema.graphql', 'utf8')).toBe(sdl);
  });
});
