import { Args, Query, Resolver } from '@nestjs/graphql';
import { parseLocale } from '../common/locale.js';
import { TrackView } from './track.types.js';
import { TracksService } from './tracks.service.js';

@Resolver(() => TrackView)
export class TracksResolver {
  constructor(private readonly trackService: TracksService) {}

  @Query(() => [TrackView], { description: 'Every skill track, in display order.' })
  tracks(
    @Args('locale', { nullable: true, description: 'en (default) or zh-CN' }) locale?: string,
  ): Promise<TrackView[]> {
    return this.trackService.list(parseLocale(locale));
  }

  @Query(() => TrackView)
  track(@Args('slug') slug: string, @Args('locale', { nullable: true }) locale?: string): Promise<TrackView> {
    return this.trackService.bySlug(slug, parseLocale(locale));
  }
}
