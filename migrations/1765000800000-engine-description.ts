import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine a submission trained on is now described in full — e.g. "native (oneDNN 2.6.3
 * avx512_core_bf16, OpenBLAS, 2 threads; wasm SIMD for the rest)", 81 characters — which
 * varchar(64) refused, failing every native-engine grade as ours.
 */
export class EngineDescription1765000800000 implements MigrationInterface {
  name = 'EngineDescription1765000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions ALTER COLUMN engine TYPE text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions ALTER COLUMN engine TYPE varchar(64) USING left(engine, 64)`);
  }
}
