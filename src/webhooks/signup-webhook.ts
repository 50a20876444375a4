import { z } from 'zod';
import { emailDomain } from '../core/email-domain.js';
import { acceptSignup, type SignupHooks } from '../flows/accept-signup.js';
import { HttpError, signedJsonRoute } from '../http/json-route.js';
import type { Db } from '../db/open-database.js';
import type { GroupCommit } from '../db/group-commit.js';
import type { Logger } from '../logger.js';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const signupBody = z.object({
  id: text(200).min(1, 'must not be empty'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'is not a valid email address' })),
  name: text(1000).optional(),
  company: text(1000).optional(),
  signedUpAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }).optional(),
});

/** `POST /webhooks/signup`: contract §2–§3. */
export function signupWebhook(deps: { db: Db; secret: string; logger: Logger; now: () => Date; hooks: SignupHooks; group?: GroupCommit }) {
  return signedJsonRoute({
    secret: deps.secret,
    signatureHeader: 'x-signature-256',
    schema: signupBody,
    logger: deps.logger,
    async handle(body) {
      const domain = emailDomain(body.email);
      if (!domain) throw new HttpError(400, 'email: the domain is not a registrable internet domain');
      const signedUpAt = body.signedUpAt ? new Date(body.signedUpAt).toISOString() : undefined;
      const accept = () =>
        acceptSignup(
          deps.db,
          { ...body, name: body.name || undefined, company: body.company || undefined, signedUpAt },
          { address: body.email, domain },
          deps.now(),
          deps.hooks,
        );
      // A burst of signups shares one commit (one fsync); each is answered once its own write is durable.
      const answer = deps.group ? await deps.group.run(accept) : accept();
      deps.logger.info({ signup: body.id, case: answer.case, trial: answer.trialId }, 'signup routed');
      return { status: 200, body: answer };
    },
  });
}
