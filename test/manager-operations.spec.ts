/**
 * The hiring manager's pages send the operations in web/src/graphql/manager.graphql; each must
 * pass the API's edge limits with the default configuration (the results table once asked for
 * every scorecard of every candidate and was refused as QUERY_TOO_COMPLEX).
 */
import { describe, expect, it } from '@jest/globals';
import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { checkOperation } from '../src/graphql/query-limits.js';

const schema = buildSchema(readFileSync('web/schema.graphql', 'utf8'));
const document = parse(readFileSync('web/src/graphql/manager.graphql', 'utf8'));
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
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );

  it('has the operations the pages use', () => {
    expect(operations.map((o) => o.name?.value)).toEqual(
      expect.arrayContaining(['ManagerAssessments', 'AssessmentReport', 'CandidateReport', 'AssessmentSimilarity']),
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
