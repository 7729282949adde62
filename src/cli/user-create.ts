import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AppConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { prepareDatabase } from '../startup/prepare-database.js';
import { preflight } from '../startup/preflight.js';
import { passwordProblem } from '../users/password-policy.js';
import { Role } from '../access/role.enum.js';
import { UsersModule } from '../users/users.module.js';
import { UsersService } from '../users/users.service.js';
import { configOrExit } from './cli-support.js';

@Module({ imports: [AppConfigModule, DatabaseModule, AuditModule, UsersModule] })
class UserCliModule {}

const USAGE =
  'usage: npm run user:create -- --email admin@example.com --role ADMIN [--password …] [--name "Ada"]\n' +
  '  (the password is read from --password or the DOJO_PASSWORD variable; 8–200 characters, not a common one)';

/** Creates an account from the command line, e.g. the first ADMIN; with an existing email, changes its role. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', default: 'CANDIDATE' },
      password: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const role = values.role?.toUpperCase() as Role;
  const password = values.password ?? process.env.DOJO_PASSWORD;
  if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email))
    exit(`--email: a valid email address is required\n${USAGE}`);
  if (!Object.values(Role).includes(role)) exit(`--role: must be one of ${Object.values(Role).join(', ')}\n${USAGE}`);
  if (!password) exit(`--password: required\n${USAGE}`);
  const problem = passwordProblem(password);
  if (problem) exit(`--password: ${problem}\n${USAGE}`);

  const config = configOrExit('user:create');
  await preflight(config, 'user:create');
  await prepareDatabase(config, { syncContent: false });
  const app = await NestFactory.createApplicationContext(UserCliModule, { logger: ['error', 'warn'] });
  try {
    const users = app.get(UsersService);
    try {
      const user = await users.create({
        email: values.email,
        password,
        displayName: values.name,
        role,
        verified: true,
      });
      process.stdout.write(`created ${user.email} with role ${user.role} (id ${user.id})\n`);
    } catch (e) {
      if ((e as { code?: string }).code !== 'CONFLICT') throw e;
      const user = await users.setRole(undefined, values.email, role);
      process.stdout.write(`${user.email} already existed; role set to ${user.role} (password unchanged)\n`);
    }
  } finally {
    await app.close();
  }
}

function exit(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

main().catch((e: unknown) => {
  process.stderr.write(`user:create failed: ${(e as Error).message}\n`);
  process.exit(1);
});
