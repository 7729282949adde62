/**
 * Graders turn the measured result of a training run into a decision a candidate can act on:
 * pass/fail, a score from 0 to 100, and feedback lines.
 */
import type { EpochLog, StopReason, TrainEvaluation } from '../training/train-result.js';

export interface GradeInput {
  evaluation: TrainEvaluation;
  history: EpochLog[];
  stopReason: StopReason;
  /** Test accuracy needed to pass, 0..1. */
  threshold: number;
  /** Trainable parameters of the submitted model. */
  params: number;
  /** The exercise's parameter budget. */
  maxParams: number;
  /** threshold-and-gap: how far the final train accuracy may lie above the test accuracy, 0..1. */
  maxGap?: number;
}

export interface Grade {
  passed: boolean;
  /** 0–100. */
  score: number;
  /** One actionable sentence per line, most important first. */
  feedback: string[];
  /** One line, e.g. "Passed: 67.3 % [66.4, 68.2] — threshold 60 %". */
  summary: string;
  /** Summary and feedback in the other locales, line for line (see grade-text.ts); English above. */
  localized?: Partial<Record<Exclude<GradeLocale, 'en'>, { summary: string; feedback: string[] }>>;
}

/** The locales grades are written in (the product's locales). */
export type GradeLocale = 'en' | 'zh-CN';

export interface Grader {
  name: string;
  description: string;
  /** The training run must measure the final train accuracy (evaluation.train) for this grader. */
  measuresTrainAccuracy?: boolean;
  grade(input: GradeInput): Grade;
}
