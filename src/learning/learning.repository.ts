import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** What unlocks the explanation: the caller's practice submissions to one exercise (assessment ones excluded). */
export interface PracticeRecord {
  passed: boolean;
  /** Submissions whose code was judged (pass, fail or the candidate's own error); our failures never count. */
  attempts: number;
}

/** The SQL of learning support: hint reveals (one row per hint), practice records, open assessments. */
@Injectable()
export class LearningRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async revealedCount(userId: string, exerciseId: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS n FROM hint_reveals WHERE user_id = $1 AND exercise_id = $2`,
      [userId, exerciseId],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /**
   * Records the next hint (index = hints revealed so far) unless `total` are already revealed.
   * One statement, so two concurrent clicks reveal one hint, not two or an error.
   */
  async revealNext(userId: string, exerciseId: string, total: number): Promise<void> {
    await this.db.query(
      `INSERT INTO hint_reveals (user_id, exercise_id, hint_index)
       SELECT $1, $2, count(*) FROM hint_reveals WHERE user_id = $1 AND exercise_id = $2
       HAVING count(*) < $3
       ON CONFLICT DO NOTHING`,
      [userId, exerciseId, total],
    );
  }

  async practiceRecord(userId: string, exerciseId: string): Promise<PracticeRecord> {
    const [row] = (await this.db.query(
      `SELECT coalesce(bool_or(status = 'PASSED'), false) AS passed,
              count(*) FILTER (WHERE counts_as_attempt)::int AS attempts
         FROM submissions
        WHERE user_id = $1 AND exercise_id = $2 AND invitation_id IS NULL`,
      [userId, exerciseId],
    )) as PracticeRecord[];
    return row ?? { passed: false, attempts: 0 };
  }

  /**
   * The caller's attempt in progress of an assessment containing the exercise, if any. Read
   * without side effects (unlike the submissions port, which records a refused practice attempt).
   */
  async openAttemptWith(userId: string, exerciseId: string): Promise<{ deadlineAt: Date } | null> {
    const [row] = (await this.db.query(
      `SELECT i.deadline_at
         FROM invitations i JOIN assessment_items ai ON ai.assessment_id = i.assessment_id
        WHERE i.candidate_id = $1 AND ai.exercise_id = $2 AND i.deadline_at > now() AND i.revoked_at IS NULL
        ORDER BY i.deadline_at DESC LIMIT 1`,
      [userId, exerciseId],
    )) as { deadline_at: Date }[];
    return row ? { deadlineAt: new Date(row.deadline_at) } : null;
  }
}
