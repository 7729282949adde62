import { describe, expect, it } from '@jest/globals';
import { readSetting } from '../config/config.js';
import { cancelChannel, submissionChannel } from './grading-queue.js';

describe('pub/sub channels and settings', () => {
  it('puts the pub/sub channels under QUEUE_PREFIX, so deployments sharing a Redis do not hear each other', () => {
    expect(submissionChannel('blue', 'abc')).toBe('blue:submission:abc');
    expect(cancelChannel('blue')).toBe('blue:cancel');
    expect(cancelChannel('blue')).not.toBe(cancelChannel('green'));
  });

  it('reads one setting through its row of the config schema', () => {
    expect(readSetting('DATASETS_DIR', { DATASETS_DIR: '/data' })).toBe('/data');
    expect(readSetting('DATASETS_DIR', {})).toBeUndefined();
    expect(readSetting('JOB_LOCK_SECONDS', {})).toBe(30);
    expect(() => readSetting('JOB_LOCK_SECONDS', { JOB_LOCK_SECONDS: '1' })).toThrow(/JOB_LOCK_SECONDS/);
  });
});
