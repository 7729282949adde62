/**
 * What the pool (sandbox.ts) and its child process (sandbox-child.ts) say to each other over
 * IPC (JSON serialisation):
 *   parent → child  { type: 'build', id, request: ChildBuildRequest }
 *                   { type: 'run', id, request: ChildRunRequest }
 *                   { type: 'diagnose', id, path }          (operators and tests)
 *   child  → parent { type: 'ready', uid, gid, warmMillis } once, or { type: 'fatal', message }
 *                   { type: 'result', id, outcome }
 * Type-only apart from MAX_SOURCE_BYTES.
 */
import type {
  FunctionCall,
  FunctionRunOutcome,
  ModelTask,
  SandboxLimits,
  SandboxOutcome,
  SubmissionLanguage,
} from '../sandbox.types.js';

/** Largest TypeScript/JavaScript submission, in bytes. */
export const MAX_SOURCE_BYTES = 256 * 1024;

export interface ChildBuildRequest {
  language: SubmissionLanguage;
  code: string;
  task: ModelTask;
  limits: SandboxLimits;
}

export interface ChildRunRequest {
  language: 'TYPESCRIPT' | 'JAVASCRIPT';
  code: string;
  entry: string;
  calls: FunctionCall[];
  limits: SandboxLimits;
}

/** What the child process itself may do: its user and whether it can read a path. */
export interface ChildDiagnosis {
  uid: number;
  gid: number;
  pid: number;
  /** 'ok', or the error code of reading the path (EACCES, ENOENT, …). */
  read: string;
}

export type ParentMessage =
  | { type: 'build'; id: number; request: ChildBuildRequest }
  | { type: 'run'; id: number; request: ChildRunRequest }
  | { type: 'diagnose'; id: number; path: string };

export type ChildMessage =
  | { type: 'ready'; uid: number; gid: number; warmMillis: number }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; outcome: SandboxOutcome | FunctionRunOutcome | ChildDiagnosis };
