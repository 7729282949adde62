import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { DATASET_NAMES, type DatasetName } from '../../datasets/names.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MaxBytes } from '../../common/validation.js';
import { CODE_BYTES_CEILING, loadConfig } from '../../config/config.js';

/** Reference, baseline and starter code run in the same sandbox as submissions: the same byte limit. */
const codeBytes = () => loadConfig().MAX_CODE_BYTES;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@InputType()
export class LocalizedTextInput {
  @Field()
  @IsString()
  @Length(1, 20000, { message: 'must be $constraint1 to $constraint2 characters long' })
  en: string;
  @Field()
  @IsString()
  @Length(1, 20000, { message: 'must be $constraint1 to $constraint2 characters long' })
  zhCN: string;
}

/** One practice hint: a short nudge, not the answer (the explanation is for that). */
@InputType()
export class HintInput {
  @Field()
  @IsString()
  @Length(1, 2000, { message: 'must be $constraint1 to $constraint2 characters long' })
  en: string;
  @Field()
  @IsString()
  @Length(1, 2000, { message: 'must be $constraint1 to $constraint2 characters long' })
  zhCN: string;
}

@InputType()
export class ModelTaskInput {
  @Field(() => [Int])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsInt({ each: true })
  @Min(1, { each: true })
  inputShape: number[];
  @Field(() => Int) @IsInt() @Min(1) @Max(1000) numClasses: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(3) @Max(100000) vocabSize?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(2000) seqLen?: number;
  @Field({ nullable: true })
  @IsOptional()
  @IsIn(['softmax', 'sigmoid', 'reconstruction'])
  output?: 'softmax' | 'sigmoid' | 'reconstruction';
}

@InputType()
export class ModelBudgetInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(50_000_000, { message: 'must be at most $constraint1 parameters' })
  maxParams: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(50) maxEpochs: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(4096) maxBatchSize: number;
  @Field(() => Int)
  @IsInt()
  @Min(10)
  @Max(7200, { message: 'must be at most $constraint1 seconds' })
  wallClockSeconds: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(100) trainSubset?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(100) testSubset?: number;
}

/** Everything a mentor writes for a MODEL or a CODING exercise. */
@InputType()
export class ExerciseDraftInput {
  @Field() @Matches(SLUG, { message: 'must be kebab-case (a-z, 0-9, -)' }) @MaxLength(64) slug: string;
  @Field({ defaultValue: 'MODEL', description: 'MODEL or CODING' })
  @IsIn(['MODEL', 'CODING'], { message: 'must be MODEL or CODING' })
  type: 'MODEL' | 'CODING';
  @Field() @Matches(SLUG, { message: 'must be a track slug' }) trackSlug: string;
  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'must be from 1 to 5' })
  @Max(5, { message: 'must be from 1 to 5' })
  difficulty: number;
  @Field(() => LocalizedTextInput) @ValidateNested() @Type(() => LocalizedTextInput) title: LocalizedTextInput;
  @Field(() => LocalizedTextInput) @ValidateNested() @Type(() => LocalizedTextInput) summary: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { description: 'Markdown.' })
  @ValidateNested()
  @Type(() => LocalizedTextInput)
  statement: LocalizedTextInput;
  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @Matches(SLUG, { each: true, message: 'must contain skill slugs' })
  skills: string[];
  @Field(() => String, { nullable: true, description: 'MODEL: cifar10 or imdb' })
  @IsOptional()
  @IsIn(DATASET_NAMES, { message: 'must be cifar10 or imdb' })
  dataset?: DatasetName;
  @Field(() => ModelTaskInput, { nullable: true, description: 'MODEL' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ModelTaskInput)
  task?: ModelTaskInput;
  @Field(() => ModelBudgetInput, { nullable: true, description: 'MODEL' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ModelBudgetInput)
  budget?: ModelBudgetInput;
  @Field({ nullable: true, description: 'CODING: the export the tests call (default, or a name).' })
  @IsOptional()
  @Matches(/^(default|[A-Za-z_$][\w$]*)$/, { message: 'must be default or an identifier' })
  entry?: string;
  @Field({
    nullable: true,
    description: 'CODING: the tests in the tests.yaml format (compare, visible, hidden); see exercises/README.md.',
  })
  @IsOptional()
  @IsString()
  @MaxBytes(CODE_BYTES_CEILING)
  testsYaml?: string;
  @Field({ nullable: true, description: 'Default: accuracy-threshold (MODEL), unit-tests (CODING).' })
  @IsOptional()
  @IsString()
  grader?: string;
  @Field(() => Float) @IsNumber() @Min(0) @Max(1, { message: 'must be a fraction from 0 to 1' }) threshold: number;
  @Field() @IsString() @MinLength(1) @MaxBytes(codeBytes) starterCode: string;
  @Field() @IsString() @MinLength(1) @MaxBytes(codeBytes) referenceCode: string;
  @Field({
    nullable: true,
    description:
      'CODING offered in Python: the function the tests call with their inputs positionally (snake_case). Give it with pythonStarter and pythonReference, or none of the three.',
  })
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,63}$/, { message: 'must be a snake_case Python function name of at most 64 characters' })
  pythonEntry?: string;
  @Field({ nullable: true, description: 'CODING offered in Python: starter code that runs and fails some tests.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxBytes(codeBytes)
  pythonStarter?: string;
  @Field({ nullable: true, description: 'CODING offered in Python: a solution that passes every test.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxBytes(codeBytes)
  pythonReference?: string;
  @Field(() => [HintInput], {
    nullable: true,
    description:
      'Practice hints in the order they are revealed (at most 5), each in both languages; in a patch the list replaces the stored one ([] removes them).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5, { message: 'must hold at most $constraint1 hints' })
  @ValidateNested({ each: true })
  @Type(() => HintInput)
  hints?: HintInput[];
  @Field({ nullable: true, description: 'MODEL: a solution that must fail.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxBytes(codeBytes)
  baselineCode?: string;
}
