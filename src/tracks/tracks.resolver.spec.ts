import { describe, expect, it } from '@jest/globals';
import { newTestService } from '../../test/support/unit/new-test-service.js';
import { whoMay } from '../../test/support/unit/who-may.js';
import type { TrackView } from './track.types.js';
import { TracksResolver } from './tracks.resolver.js';

describe('TracksResolver', () => {
  it('shows the catalogue to anyone', () => {
    expect(whoMay(TracksResolver, 'tracks')).toBe('anyone');
    expect(whoMay(TracksResolver, 'track')).toBe('anyone');
  });

  it('lists tracks and reads one in the asked locale, English by default', async () => {
    const { sut, mocks } = newTestService(TracksResolver);
    const [tracks] = mocks;
    const view = { slug: 'foundations' } as TrackView;
    tracks.list.mockResolvedValue([view]);
    tracks.bySlug.mockResolvedValue(view);
    await expect(sut.tracks()).resolves.toEqual([view]);
    expect(tracks.list).toHaveBeenLastCalledWith('en');
    await expect(sut.track('foundations', 'zh-CN')).resolves.toBe(view);
    expect(tracks.bySlug).toHaveBeenLastCalledWith('foundations', 'zh-CN');
  });

  it('refuses an unknown locale as BAD_USER_INPUT on locale', () => {
    const { sut, mocks } = newTestService(TracksResolver);
    expect(() => sut.tracks('klingon')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'locale' }) }),
    );
    expect(mocks[0].list).not.toHaveBeenCalled();
  });
});
