/**
 * The hiring manager's pages send the operations in web/src/graphql/manager.graphql; each must
 * pass the API's edge limits with the default configuration (the results table once asked for
 * every scorecard of every candidate and was refused as QUERY_TOO_COMPLEX).
 */
import { describe, expect, it } from '@jest/globals';
import { buildSchema, Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import { checkOperation } from '../src/graphql/query-limits.js';

const schema = buildSchema(readFileSync('web/schema.graphql', 'utf8'));
// With every fragment of the web app's documents: manager.graphql spreads ones defined beside the
// candidates' operations (SubmissionResultFields), and a spread the check cannot resolve costs nothing.
const fragments = readdirSync('web/src/graphql')
  .filter((f) => f.endsWith('.graphql') && f !== 'manager.graphql')
  .flatMap((f) => parse(readFileSync(`web/src/graphql/${f}`, 'utf8')).definitions)
  .filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
const own = parse(readFileSync('web/src/graphql/manager.graphql', 'utf8'));
const document: DocumentNode = { ...own, definitions: [...own.definitions, ...fragments] };
const DEFAULTS = { maxDepth: 8, maxComplexity: 2000, maxRootFields: 20, maxAliases: 30 };
const ID = '00000000-0000-4000-8000-000000000000';
const VARIABLES: Record<string, unknown> = {
  assessmentId: ID,
  invitationId: ID,
  slug: 'stable-softmax',
  locale: 'en',
  input: {},
};

describe('manager.graphql', () => {
  const operations = own.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

  it('has the operations the pages use', () => {
    expect(operations.map((o) => o.name?.value)).toEqual(
      expect.arrayContaining([
        'ManagerAssessments',
        'AssessmentReport',
        'CandidateReport',
        'CandidateTestResults',
        'AssessmentSimilarity',
      ]),
    );
  });

  it.each(operations.filter((o) => o.operation === 'query').map((o) => [o.name!.value]))(
    '%s fits the default depth and cost limits',
    (name) => {
      const error = checkOperation(schema, document, name, VARIABLES, DEFAULTS);
      expect(error?.message).toBeUndefined();
    },
  );
});
