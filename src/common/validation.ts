import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badInput } from './domain-error.js';

/** Flattens nested class-validator errors into `a.b.c` field paths. */
function firstProblem(errors: ValidationError[], prefix = ''): { field: string; message: string } | undefined {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) return { field, message: messages[0]! };
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

/** Validates every @InputType; a failure is BAD_USER_INPUT naming the field. */
export function inputValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const problem = firstProblem(errors) ?? { field: 'input', message: 'is invalid' };
      const field = problem.field.replace(/^input\./, '');
      return badInput(field, `${field}: ${problem.message}`);
    },
  });
}
