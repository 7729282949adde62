/**
 * The HTTP body of a GraphQL request: JSON up to requestBodyLimitBytes(config) (derived from
 * MAX_CODE_BYTES, so the documented code limit is reachable), and a body that is too large or
 * not JSON answered in GraphQL's shape with a code instead of the body parser's HTML page.
 *
 *   const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false });
 *   useGraphQLBody(app, config);
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { ErrorCode } from '../common/domain-error.js';
import { requestBodyLimitBytes, type AppConfig } from '../config/config.js';

export function useGraphQLBody(app: NestExpressApplication, config: AppConfig): void {
  const limit = requestBodyLimitBytes(config);
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: true });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (err as { type?: unknown } | null)?.type;
    const status = (err as { status?: unknown } | null)?.status;
    const answer = (httpStatus: number, code: ErrorCode | 'BAD_REQUEST', message: string, extra = {}) =>
      res.status(httpStatus).json({ errors: [{ message, extensions: { code, ...extra } }] });
    if (type === 'entity.too.large') {
      answer(
        413,
        'PAYLOAD_TOO_LARGE',
        `Request body too large: the limit is ${limit} bytes (twice MAX_CODE_BYTES plus 64 KiB)`,
        { limit },
      );
    } else if (typeof status === 'number' && status >= 400 && status < 500) {
      answer(400, 'BAD_REQUEST', `Could not read the request body: ${String((err as Error).message)}`);
    } else {
      next(err);
    }
  });
}
