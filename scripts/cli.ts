/**
 * Argument parsing shared by the scripts (`node:util` parseArgs underneath): an unknown option
 * or a missing value ends the script with the message and the usage line, exit code 2.
 *
 *   const { values } = parseCli(process.argv.slice(2), { quick: { type: 'boolean' } }, USAGE);
 *   const seed = intOption(values.seed, '--seed', { min: 0 });
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCli<O extends Options>(argv: string[], options: O, usage: string, allowPositionals = false) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  try {
    const parsed = parseArgs({ args: argv, options: all, allowPositionals, strict: true });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (err) {
    return fail(`${(err as Error).message}\n${usage}`);
  }
}

/** An integer option (absent → undefined), or the end of the script naming the option and the limit. */
export function intOption(value: unknown, name: string, { min = 0 }: { min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) return fail(`${name} must be an integer >= ${min} (got "${String(value)}")`);
  return n;
}

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
