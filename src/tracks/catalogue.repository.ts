import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The catalogue generation: moved on by triggers whenever tracks, skills, exercises or versions change. */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async generation(): Promise<string> {
    const rows = (await this.db.query(
      `SELECT generation::text AS generation FROM catalogue_generation WHERE id = 1`,
    )) as { generation: string }[];
    return rows[0]?.generation ?? '0';
  }
}
