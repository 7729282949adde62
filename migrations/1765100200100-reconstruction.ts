import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconstruction exercises (an autoencoder graded by mean squared error): a submission keeps
 * its test MSE with the interval, in place of a classification's evaluation.
 */
export class Reconstruction1765100200100 implements MigrationInterface {
  name = 'Reconstruction1765100200100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions ADD COLUMN reconstruction jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions DROP COLUMN reconstruction`);
  }
}
