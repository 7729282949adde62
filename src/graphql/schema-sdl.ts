import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** A class (resolvers are found by their Nest metadata, so any constructor will do). */
type ResolverClass = abstract new (...args: never[]) => unknown;

/**
 * The API's schema as SDL, built from the resolver classes alone (no database, no Redis), so
 * `npm run schema:emit` can write `web/schema.graphql` for the web app's typed operations and a
 * unit test can say when the committed file is stale.
 *
 *   const sdl = await buildSchemaSdl(await findResolvers('dist/src', '.js'));
 */
export async function buildSchemaSdl(resolvers: ResolverClass[]): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create(resolvers);
    return printSchema(lexicographicSortSchema(schema)) + '\n';
  } finally {
    await app.close();
  }
}

/** Every class exported by a `*.resolver<ext>` file under `dir` (each feature keeps one). */
export async function findResolvers(dir: string, ext: '.js' | '.ts'): Promise<ResolverClass[]> {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(`.resolver${ext}`)).sort();
  const classes: ResolverClass[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.resolve(dir, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (typeof value === 'function') classes.push(value as ResolverClass);
  }
  return classes;
}
