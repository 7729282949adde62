import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';

/** Where the web app's build lands (the SPA's own fallback serves the same file for its other routes). */
const SPA_INDEX = path.resolve('web/dist/index.html');

const FALLBACK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Start your assessment · Tensor Dojo</title></head>
<body><main>
<h1>Start your assessment</h1>
<p>Sign in with the account of the e-mail address this invitation was sent to, then open this link again.</p>
<p>API clients: call <code>startAssessment(token)</code> with the <code>token</code> of this link.</p>
</main></body></html>
`;

/**
 * GET /assessments/start?token=… — the invitation link (see invitationLink). Answers the web
 * app's page, which reads the token and calls startAssessment; where the web app is not built,
 * a minimal page saying what to do. Never 404: this is the link managers send.
 */
@Controller('assessments')
export class StartPageController {
  @Get('start')
  // The token is in the URL: keep it out of caches and out of Referer headers sent elsewhere.
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  startPage(@Res() res: Response): void {
    res.type('html').send(existsSync(SPA_INDEX) ? readFileSync(SPA_INDEX, 'utf8') : FALLBACK_PAGE);
  }
}
