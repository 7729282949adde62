import pg from 'pg';

/**
 * Set-up for browser tests that need staff: an organisation, its hiring manager, an assessment
 * and an invitation link, made through the API (the admin's role set in the database, as
 * `npm run user:create` would), and SQL for what a browser cannot do (moving a deadline).
 */
const base = () => process.env.DOJO_WEB_URL!;

async function gql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(`${base()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export const PASSWORD = 'a long passphrase';
export const register = (email: string) =>
  gql<{ register: { token: string } }>('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: { email, password: PASSWORD },
  });
const login = async (email: string) =>
  (
    await gql<{ login: { token: string } }>('mutation($i: LoginInput!) { login(input: $i) { token } }', {
      i: { email, password: PASSWORD },
    })
  ).login.token;

export async function sql(text: string, values: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DOJO_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** A manager's organisation, an assessment of a coding exercise and a quiz, and an invitation link. */
export async function invite(candidateEmail: string): Promise<string> {
  const stamp = Date.now();
  const admin = `pw-admin-${stamp}@example.com`;
  const manager = `pw-manager-${stamp}@example.com`;
  await register(admin);
  await register(manager);
  await sql(`UPDATE users SET role = 'ADMIN' WHERE email = $1`, [admin]);
  const adminToken = await login(admin);
  const org = await gql<{ createOrganisation: { id: string } }>(
    'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }',
    { i: { name: `Playwright Labs ${stamp}` } },
    adminToken,
  );
  await gql(
    'mutation($i: AddOrganisationMemberInput!) { addOrganisationMember(input: $i) { id } }',
    { i: { organisationId: org.createOrganisation.id, email: manager } },
    adminToken,
  );
  const managerToken = await login(manager);
  const assessment = await gql<{ createAssessment: { id: string } }>(
    'mutation($i: CreateAssessmentInput!) { createAssessment(input: $i) { id } }',
    {
      i: {
        title: 'Playwright hiring round',
        exerciseSlugs: ['stable-softmax', 'overfitting-check'],
        timeLimitMinutes: 30,
      },
    },
    managerToken,
  );
  const invitation = await gql<{ inviteCandidate: { link: string } }>(
    'mutation($i: InviteCandidateInput!) { inviteCandidate(input: $i) { link } }',
    { i: { assessmentId: assessment.createAssessment.id, email: candidateEmail } },
    managerToken,
  );
  return invitation.inviteCandidate.link;
}
