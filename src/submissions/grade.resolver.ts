import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { parseLocale } from '../common/locale.js';
import { gradeIn } from '../graders/index.js';
import { GradeView } from './submission.view.js';

const LOCALE = { nullable: true, description: 'en (default) or zh-CN' } as const;

/** A grade's text in the reader's locale: graders write every line in both (graders/grade-text.ts). */
@Resolver(() => GradeView)
export class GradeResolver {
  @ResolveField(() => String, { description: 'One line, e.g. "Passed: 67.3 % [66.4, 68.2] — threshold 60 %".' })
  summary(@Parent() grade: GradeView, @Args('locale', LOCALE) locale?: string): string {
    return gradeIn(grade, parseLocale(locale)).summary;
  }

  @ResolveField(() => [String], { description: 'One actionable sentence per line, most important first.' })
  feedback(@Parent() grade: GradeView, @Args('locale', LOCALE) locale?: string): string[] {
    return gradeIn(grade, parseLocale(locale)).feedback;
  }
}
