import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/**
 * Reads a YAML file and checks it against a schema. On failure pushes one line per problem
 * (prefixed with the file name and the field path) into `problems` and returns undefined.
 */
export function readYamlFile<T>(schema: z.ZodType<T>, file: string, problems: string[]): T | undefined {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return undefined;
  }
  return parsed.data;
}
