import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** The `app_secrets` table: secrets the service makes for itself, shared by every API process. */
@Injectable()
export class SecretsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The secret called `name`, created at random on first use. Race-safe: processes starting
   * together may each try to insert one, only the first insert wins, and all read that one.
   */
  async getOrCreate(name: string, bytes = 48): Promise<string> {
    await this.db.query(`INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
      name,
      randomBytes(bytes).toString('base64url'),
    ]);
    const [row] = (await this.db.query(`SELECT value FROM app_secrets WHERE name = $1`, [name])) as { value: string }[];
    if (!row) throw new Error(`app_secrets: the secret ${name} was neither inserted nor found`);
    return row.value;
  }
}
