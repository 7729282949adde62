/**
 * Input checks that hold for every GraphQL argument, applied once at the edge:
 *
 *   - inputValidationPipe() (the global pipe): no string anywhere in an argument may contain
 *     U+0000 (PostgreSQL cannot store it), then every @InputType is validated with
 *     class-validator. A failure is BAD_USER_INPUT naming the field (`code`, `answers`,
 *     `title.en`…).
 *   - @IdArg('id'): an ID argument that must be a uuid; anything else is BAD_USER_INPUT
 *     naming it, before a resolver or the database sees it.
 *   - maxBytes(): the one way text limits are counted (UTF-8 bytes, as the sandbox and the
 *     database count them).
 */
import { Args, ID } from '@nestjs/graphql';
import { ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { badInput } from './domain-error.js';

interface Problem {
  field: string;
  message: string;
  limit?: number;
}

/** Flattens nested class-validator errors into `a.b.c` field paths (with the limit a rule declares in its context). */
function firstProblem(errors: ValidationError[], prefix = ''): Problem | undefined {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const [name, message] = Object.entries(error.constraints ?? {})[0] ?? [];
    if (name !== undefined && message !== undefined) {
      const limit = (error.contexts?.[name] as { limit?: unknown } | undefined)?.limit;
      return { field, message, ...(typeof limit === 'number' ? { limit } : {}) };
    }
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/** `input.title.en` → `title.en`: the field inside the one input object, as the validation errors name it. */
function fieldName(path: string): string {
  return path.replace(/^input\./, '');
}

/** The path of the first string containing U+0000 in an argument value, if any. */
export function findNulCharacter(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulCharacter(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value instanceof Date) return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = findNulCharacter(v, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom parameter decorators (@CurrentUser) carry server-side values, not client input.
    if (metadata.type !== 'custom') {
      const nul = findNulCharacter(value, metadata.data ?? 'input');
      if (nul) {
        const field = fieldName(nul);
        throw badInput(field, `${field}: must not contain the NUL character (U+0000)`);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Validates every argument; a failure is BAD_USER_INPUT naming the field. */
export function inputValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const problem = firstProblem(errors) ?? { field: 'input', message: 'is invalid' };
      const field = fieldName(problem.field);
      return badInput(field, `${field}: ${problem.message}`, problem.limit);
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Refuses an ID argument that is not a uuid (every id in this service is one). */
export class UuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly field: string) {}

  transform(value: unknown): string {
    if (!isUuid(value)) throw badInput(this.field, `${this.field}: must be an id (a uuid such as 3f2b…-…)`);
    return value;
  }
}

/** An `ID!` argument that must be a uuid: `@IdArg('assessmentId') assessmentId: string`. */
export function IdArg(name: string): ParameterDecorator {
  return Args(name, { type: () => ID }, new UuidPipe(name));
}

/** An optional `ID` argument: absent or null passes as undefined, anything else must be a uuid. */
export function OptionalIdArg(name: string, options: { description?: string } = {}): ParameterDecorator {
  const uuid = new UuidPipe(name);
  return Args(
    name,
    { type: () => ID, nullable: true, ...options },
    { transform: (value: unknown) => (value === undefined || value === null ? undefined : uuid.transform(value)) },
  );
}

/** UTF-8 length of a text, the unit of every size limit (the sandbox and PostgreSQL count bytes). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * At most `limit` UTF-8 bytes (a number, or a function read at validation time for a
 * configured limit); the error carries `extensions.limit` in bytes.
 */
export function MaxBytes(limit: number | (() => number), options: ValidationOptions = {}): PropertyDecorator {
  const max = typeof limit === 'number' ? () => limit : limit;
  return ValidateBy(
    {
      name: 'maxBytes',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && utf8Bytes(value) <= max(),
        defaultMessage: () => `must be at most ${max()} bytes (UTF-8)`,
      },
    },
    {
      ...options,
      context: {
        get limit() {
          return max();
        },
      },
    },
  );
}

/** Leading and trailing whitespace dropped before the other rules run, so "   " is empty, not a name. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}
