/**
 * What a new password must be: 8 to 200 characters and not one of the ~18,000 passwords of that
 * length most often seen in leaks (the frequency-ordered list of @zxcvbn-ts/language-common, MIT),
 * compared case-insensitively, so "password", "12345678" and "Password1" are refused.
 *
 *   @Field() @IsNewPassword() password: string;   // BAD_USER_INPUT naming the field
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { applyDecorators } from '@nestjs/common';
import { IsString, Length, ValidateBy } from 'class-validator';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

let common: Set<string> | undefined;

/** True for a password found in the common-password list (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  // Built on first use: entries shorter than PASSWORD_MIN are refused by length anyway.
  common ??= new Set(
    (dictionary['passwords-common'] as string[]).filter((p) => p.length >= PASSWORD_MIN).map((p) => p.toLowerCase()),
  );
  return common.has(password.toLowerCase());
}

/** Why a new password is refused, or undefined when it is acceptable (for the CLI; the API uses IsNewPassword). */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    return `must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`;
  if (isCommonPassword(password)) return 'is one of the most common passwords; choose one that is harder to guess';
  return undefined;
}

/** The rules of a new password as class-validator decorators. */
export function IsNewPassword(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Length(PASSWORD_MIN, PASSWORD_MAX, { message: 'must be $constraint1 to $constraint2 characters long' }),
    ValidateBy({
      name: 'notCommonPassword',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !isCommonPassword(value),
        defaultMessage: () => 'is one of the most common passwords; choose one that is harder to guess',
      },
    }),
  ) as PropertyDecorator;
}
