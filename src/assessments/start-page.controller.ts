import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';

const FALLBACK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Start your assessment · Tensor Dojo</title></head>
<body><main>
<h1>Start your assessment</h1>
<p>Sign in with the account of the e-mail address this invitation was sent to, then open this link again.</p>
<p>API clients: call <code>startAssessment(token)</code> with the <code>token</code> of this link.</p>
</main></body></html>
`;

/**
 * GET /assessments/start?token=… — the invitation link (see invitationLink). Never 404: this is
 * the link managers send. Browsers get the web app's page for it (src/web/web-app.ts, in front of
 * this route); where the web app is not built, or for clients that do not ask for HTML, this
 * static page says what to do.
 */
@Controller('assessments')
export class StartPageController {
  @Get('start')
  // The token is in the URL: keep it out of caches and out of Referer headers sent elsewhere.
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  startPage(@Res() res: Response): void {
    res.type('html').send(FALLBACK_PAGE);
  }
}
