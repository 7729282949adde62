/**
 * Row factories: insert rows straight through TypeORM repositories, for specs whose subject
 * is not how the rows came to be (a report over an attempt already under way, a list of
 * submissions in every status). Each takes the API's DataSource (`api.app.get(DataSource)`)
 * and fills every required column with a valid, unique value; pass what the spec is about.
 *
 *   const db = api.app.get(DataSource);
 *   const { user, password } = await createUser(db, { role: Role.HIRING_MANAGER });
 *   const { version } = await createExercise(db, { type: ExerciseType.CODING });
 *   await createSubmission(db, { user, version, status: SubmissionStatus.FAILED });
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

let counter = 0;
/** A short suffix unique within the process and across processes (several specs share PostgreSQL). */
export function unique(): string {
  counter += 1;
  return `${counter}-${randomBytes(3).toString('hex')}`;
}

export const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);
export const secondsFromNow = (s: number) => new Date(Date.now() + s * 1000);

export type Db = Pick<DataSource, 'getRepository'>;
