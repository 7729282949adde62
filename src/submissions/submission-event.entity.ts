import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SubmissionStatus } from './submission.types.js';

/** One step of a submission's status history. */
@Entity({ name: 'submission_events' })
export class SubmissionEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  @Column({ type: 'enum', enum: SubmissionStatus, enumName: 'submission_status' })
  status: SubmissionStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  stage: string | null;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
