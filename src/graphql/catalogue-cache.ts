/**
 * Whole answers to catalogue queries, kept until the catalogue changes (issue 9, "Speed under
 * load"). `tracks`, `track` and `exercise` answer the same to every caller: their result depends
 * only on the arguments and on the catalogue generation, which triggers move on any change to
 * tracks, skills, exercises or versions, by any process. So an operation whose root fields are
 * all among those is answered from this cache when the same document, operation name and
 * variables were answered without errors at the current generation, skipping execution.
 *
 * Everything around execution still happens: the standard validation and the operation limits
 * (queryLimitsPlugin, earlier in the pipeline), and what AuthGuard does for each root field —
 * the caller is looked up and each root field is charged to the caller's address and account.
 * When that charge is refused (RATE_LIMITED) or anything fails (a store down), the operation
 * runs as usual instead, so refusals and errors keep their usual form (the guard then charges
 * the refused field again, one point more on a spent budget, which changes no answer or window).
 *
 *   plugins: [queryLimitsPlugin(limits), catalogueCache.plugin()]
 */
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import { Injectable, Module } from '@nestjs/common';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../access/access.decorators.js';
import { AuthModule } from '../auth/auth.module.js';
import { AuthService } from '../auth/auth.service.js';
import { RateLimits } from '../auth/rate-limits.js';
import { CatalogueRepository } from '../tracks/catalogue.repository.js';
import { TracksModule } from '../tracks/tracks.module.js';

/** Root fields whose answer depends on nothing but their arguments and the catalogue. */
export const CATALOGUE_FIELDS: ReadonlySet<string> = new Set(['tracks', 'track', 'exercise']);

/** Most answers kept (documents × variables); the least recently used goes first. */
export const CATALOGUE_CACHE_ENTRIES = 256;

@Injectable()
export class CatalogueResponseCache {
  private generation?: string;
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly answers = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly auth: AuthService,
    private readonly limits: RateLimits,
    private readonly catalogue: CatalogueRepository,
  ) {}

  /** How many answers are kept now (tests). */
  get size(): number {
    return this.answers.size;
  }

  plugin(): ApolloServerPlugin<RequestContext> {
    return {
      requestDidStart: async () => {
        // Set on a miss: where to keep this operation's answer.
        let key: string | undefined;
        return {
          responseForOperation: async (rc) => {
            const found = await this.answer(rc);
            key = found.miss;
            return found.response;
          },
          willSendResponse: async (rc) => {
            if (key) this.keep(key, rc);
            // Before the caller has the answer: whatever the mutation changed, their next
            // catalogue read asks the database, not the generation notifications keep.
            if (rc.operation?.operation === 'mutation') this.catalogue.forget();
          },
        };
      },
    };
  }

  private async answer(
    rc: GraphQLRequestContext<RequestContext>,
  ): Promise<{ response: GraphQLResponse | null; miss?: string }> {
    const roots = catalogueRoots(rc.operation);
    if (roots === undefined || rc.queryHash === undefined) return { response: null };
    try {
      const generation = await this.catalogue.generation();
      if (generation !== this.generation) {
        this.answers.clear();
        this.generation = generation;
      }
      const key = `${generation}\0${rc.queryHash}\0${rc.request.operationName ?? ''}\0${JSON.stringify(rc.request.variables ?? {})}`;
      const data = this.answers.get(key);
      if (!data) return { response: null, miss: key };
      // As AuthGuard does for each root field: the caller, then one operation charged per field.
      const ctx = rc.contextValue;
      const user = await this.auth.authenticate(ctx);
      const address = this.auth.clientAddress(ctx);
      for (let i = 0; i < roots; i++) await this.limits.operation(address, user?.id);
      this.answers.delete(key);
      this.answers.set(key, data);
      return { response: { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } } };
    } catch {
      return { response: null }; // refused or failed: the usual path answers, in its usual form
    }
  }

  private keep(key: string, rc: GraphQLRequestContext<RequestContext>): void {
    const body = rc.response.body;
    if (body?.kind !== 'single' || body.singleResult.errors?.length || !body.singleResult.data) return;
    // Answered at an older generation while the catalogue moved on: the key can never be asked again.
    if (!key.startsWith(`${this.generation}\0`)) return;
    this.answers.set(key, body.singleResult.data);
    if (this.answers.size > CATALOGUE_CACHE_ENTRIES) this.answers.delete(this.answers.keys().next().value!);
  }
}

/**
 * How many root fields the operation has when all are catalogue fields selected plainly (no
 * fragments or directives at the root, so the guard would run once per field); else undefined.
 */
export function catalogueRoots(operation: OperationDefinitionNode | undefined): number | undefined {
  if (operation?.operation !== 'query') return undefined;
  const selections = operation.selectionSet.selections;
  for (const s of selections) {
    if (s.kind !== Kind.FIELD || s.directives?.length || !CATALOGUE_FIELDS.has(s.name.value)) return undefined;
  }
  return selections.length;
}

@Module({
  imports: [AuthModule, TracksModule],
  providers: [CatalogueResponseCache],
  exports: [CatalogueResponseCache],
})
export class CatalogueCacheModule {}
