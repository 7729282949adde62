import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'epoch_metrics' })
export class EpochMetricEntity {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  /** 1-based. */
  @PrimaryColumn({ type: 'integer' })
  epoch: number;

  @Column({ type: 'double precision', nullable: true })
  loss: number | null;

  @Column({ type: 'double precision', nullable: true })
  accuracy: number | null;

  @Column({ name: 'val_loss', type: 'double precision', nullable: true })
  valLoss: number | null;

  @Column({ name: 'val_accuracy', type: 'double precision', nullable: true })
  valAccuracy: number | null;

  @Column({ type: 'double precision' })
  seconds: number;

  @Column({ name: 'examples_per_second', type: 'double precision', nullable: true })
  examplesPerSecond: number | null;

  @Column({ type: 'boolean', default: false })
  partial: boolean;
}
